import { ActionIcon, Badge, Button, Group, Menu, Paper, SimpleGrid, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { closestCorners, DndContext, KeyboardSensor, PointerSensor, useDroppable, useSensor, useSensors, type Announcements, type DragEndEvent, type DragOverEvent } from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { IconArrowDown, IconArrowUp, IconDots, IconEye, IconEyeOff, IconGripVertical, IconPencil, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { FieldMeta, Locale } from '../../../api/types';
import { containerOf, fieldsOf, hiddenContainer, moveField, moveSection, removeSection, renameSection, type DraftSection, type LayoutDraft, type LayoutProblems } from './layout-draft';

interface Props {
  draft: LayoutDraft;
  onChange: (draft: LayoutDraft) => void;
  fields: FieldMeta[];
  problems: LayoutProblems;
  /** The section whose titles are being edited. */
  renaming: string | null;
  onRenaming: (id: string | null) => void;
}

const droppableId = (container: string) => `container:${container}`;
const containerOfDroppable = (id: string) => (id.startsWith('container:') ? id.slice('container:'.length) : null);

/**
 * The sections of the card and the hidden fields. Fields are dragged (mouse, touch, or the keyboard: Space, arrows,
 * Space) within and between sections, or sent elsewhere with their menu; sections are renamed in both languages,
 * moved up and down and removed.
 */
export function LayoutEditor({ draft, onChange, fields, problems, renaming, onRenaming }: Props) {
  const { t, i18n } = useTranslation('settingsFields');
  const locale = i18n.language as Locale;
  const meta = new Map(fields.map((field) => [field.name, field]));
  const label = (name: string | number) => meta.get(String(name))?.label ?? String(name);
  const titleOf = (section: DraftSection) => section.title[locale] || section.title.en;
  const containerName = (container: string | undefined) => (container === hiddenContainer ? t('layout.hidden') : titleOf(draft.sections.find((section) => section.id === container) ?? draft.sections[0]));
  const targets = [...draft.sections.map((section) => ({ id: section.id, name: titleOf(section) })), { id: hiddenContainer, name: t('layout.hidden') }];

  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const where = (id: string | number) => {
    const container = containerOfDroppable(String(id)) ?? containerOf(draft, String(id));
    const list = container ? fieldsOf(draft, container) : [];
    return { section: containerName(container), position: Math.max(1, list.indexOf(String(id)) + 1), count: list.length };
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('drag.picked', { field: label(active.id), ...where(active.id) }),
    onDragOver: ({ active, over }) => (over ? t('drag.over', { field: label(active.id), ...where(active.id) }) : t('drag.outside', { field: label(active.id) })),
    onDragEnd: ({ active, over }) => (over ? t('drag.dropped', { field: label(active.id), ...where(active.id) }) : t('drag.cancelled', { field: label(active.id) })),
    onDragCancel: ({ active }) => t('drag.cancelled', { field: label(active.id) }),
  };

  // Across containers the field moves while it is dragged, so the lists make room under the pointer.
  const onDragOver = ({ active, over }: DragOverEvent) => {
    if (!over) return;
    const field = String(active.id);
    const overId = String(over.id);
    const to = containerOfDroppable(overId) ?? containerOf(draft, overId);
    if (!to || to === containerOf(draft, field)) return;
    const target = fieldsOf(draft, to);
    onChange(moveField(draft, field, to, containerOfDroppable(overId) ? target.length : target.indexOf(overId)));
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over) return;
    const field = String(active.id);
    const overId = String(over.id);
    const container = containerOf(draft, field);
    if (!container || containerOfDroppable(overId) || containerOf(draft, overId) !== container) return;
    const list = fieldsOf(draft, container);
    if (list.indexOf(overId) !== list.indexOf(field)) onChange(moveField(draft, field, container, list.indexOf(overId)));
  };

  const rowsOf = (container: string) =>
    fieldsOf(draft, container).map((name) => (
      <FieldRow
        key={name}
        name={name}
        field={meta.get(name)}
        hidden={container === hiddenContainer}
        problem={problems.fields[name]}
        targets={targets.filter((target) => target.id !== container)}
        onMove={(to) => onChange(moveField(draft, name, to))}
        onToggleHidden={() => onChange(moveField(draft, name, container === hiddenContainer ? draft.sections[draft.sections.length - 1].id : hiddenContainer))}
      />
    ));

  return (
    <DndContext sensors={sensors} collisionDetection={closestCorners} onDragOver={onDragOver} onDragEnd={onDragEnd} accessibility={{ announcements, screenReaderInstructions: { draggable: t('drag.instructions') } }}>
      <Stack gap="md">
        {draft.sections.map((section, index) => (
          <Paper key={section.id} withBorder radius="md" p="sm" component="section" aria-label={t('layout.sectionNamed', { title: titleOf(section) })}>
            <SectionHeader
              section={section}
              title={titleOf(section)}
              renaming={renaming === section.id}
              onRenaming={(on) => onRenaming(on ? section.id : null)}
              onRename={(title) => onChange(renameSection(draft, section.id, title))}
              first={index === 0}
              last={index === draft.sections.length - 1}
              onMove={(offset) => onChange(moveSection(draft, section.id, offset))}
              onRemove={draft.sections.length > 1 ? () => onChange(removeSection(draft, section.id)) : undefined}
              problem={problems.sections[section.id]}
            />
            <FieldList container={section.id} names={section.fields} emptyText={t('layout.dropHere')} label={t('layout.fieldsOf', { title: titleOf(section) })}>
              {rowsOf(section.id)}
            </FieldList>
          </Paper>
        ))}
        <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="hidden-fields-title" bg="var(--mantine-color-gray-0)">
          <Title order={3} size="h5" id="hidden-fields-title">
            {t('layout.hidden')}
          </Title>
          <Text size="xs" c="dimmed" mb="xs">
            {t('layout.hiddenHint')}
          </Text>
          {problems.hidden && (
            <Text size="sm" c="red.8" role="alert" mb="xs">
              {problems.hidden}
            </Text>
          )}
          <FieldList container={hiddenContainer} names={draft.hidden} emptyText={t('layout.noHidden')} label={t('layout.hidden')}>
            {rowsOf(hiddenContainer)}
          </FieldList>
        </Paper>
      </Stack>
    </DndContext>
  );
}

function FieldList({ container, names, emptyText, label, children }: { container: string; names: string[]; emptyText: string; label: string; children: React.ReactNode }) {
  const { setNodeRef, isOver } = useDroppable({ id: droppableId(container) });
  return (
    <SortableContext id={container} items={names} strategy={verticalListSortingStrategy}>
      <Stack ref={setNodeRef} gap={4} mih={44} p={4} style={{ borderRadius: 6, outline: isOver ? '2px dashed var(--mantine-color-brand-4)' : undefined }}>
        {names.length > 0 ? (
          <Stack gap={4} role="list" aria-label={label}>
            {children}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed" ta="center" py="xs">
            {emptyText}
          </Text>
        )}
      </Stack>
    </SortableContext>
  );
}

interface SectionHeaderProps {
  section: DraftSection;
  title: string;
  renaming: boolean;
  onRenaming: (on: boolean) => void;
  onRename: (title: DraftSection['title']) => void;
  first: boolean;
  last: boolean;
  onMove: (offset: -1 | 1) => void;
  onRemove?: () => void;
  problem?: string;
}

function SectionHeader({ section, title, renaming, onRenaming, onRename, first, last, onMove, onRemove, problem }: SectionHeaderProps) {
  const { t } = useTranslation('settingsFields');
  return (
    <Stack gap="xs" mb="xs">
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Title order={3} size="h5" style={{ overflowWrap: 'anywhere', minWidth: 0 }}>
          {title}
        </Title>
        <Group gap={2} wrap="nowrap">
          <Tooltip label={t('layout.rename')}>
            <ActionIcon variant={renaming ? 'light' : 'subtle'} color="gray" aria-label={t('layout.renameNamed', { title })} aria-expanded={renaming} onClick={() => onRenaming(!renaming)}>
              <IconPencil size={16} aria-hidden />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t('layout.up')}>
            <ActionIcon variant="subtle" color="gray" aria-label={t('layout.upNamed', { title })} disabled={first} onClick={() => onMove(-1)}>
              <IconArrowUp size={16} aria-hidden />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t('layout.down')}>
            <ActionIcon variant="subtle" color="gray" aria-label={t('layout.downNamed', { title })} disabled={last} onClick={() => onMove(1)}>
              <IconArrowDown size={16} aria-hidden />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={onRemove ? t('layout.remove') : t('layout.keepOne')}>
            <ActionIcon variant="subtle" color="red" c="red.9" aria-label={t('layout.removeNamed', { title })} disabled={!onRemove} onClick={onRemove}>
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      {renaming && (
        <Stack gap="xs">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            <TextInput label={t('layout.titlePt')} value={section.title['pt-BR']} onChange={(event) => onRename({ ...section.title, 'pt-BR': event.currentTarget.value })} data-autofocus autoFocus />
            <TextInput label={t('layout.titleEn')} value={section.title.en} onChange={(event) => onRename({ ...section.title, en: event.currentTarget.value })} />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button size="xs" variant="light" onClick={() => onRenaming(false)}>
              {t('layout.renameDone')}
            </Button>
          </Group>
        </Stack>
      )}
      {problem && (
        <Text size="sm" c="red.8" role="alert">
          {problem}
        </Text>
      )}
    </Stack>
  );
}

interface FieldRowProps {
  name: string;
  field: FieldMeta | undefined;
  hidden: boolean;
  problem?: string;
  targets: Array<{ id: string; name: string }>;
  onMove: (container: string) => void;
  onToggleHidden: () => void;
}

function FieldRow({ name, field, hidden, problem, targets, onMove, onToggleHidden }: FieldRowProps) {
  const { t } = useTranslation('settingsFields');
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: name });
  const label = field?.label ?? name;
  const required = field?.required === true;
  const mayHide = hidden || !required;
  return (
    <Stack
      ref={setNodeRef}
      role="listitem"
      gap={2}
      px={4}
      py={2}
      style={{
        transform: CSS.Transform.toString(transform),
        transition,
        background: isDragging ? 'var(--mantine-color-brand-0)' : 'var(--mantine-color-body)',
        border: `1px solid var(--mantine-color-${problem ? 'red-7' : 'gray-3'})`,
        borderRadius: 6,
        position: 'relative',
        zIndex: isDragging ? 2 : undefined,
      }}
    >
      <Group gap={6} wrap="nowrap">
        <ActionIcon ref={setActivatorNodeRef} variant="subtle" color="gray" size="sm" aria-label={t('layout.drag', { field: label })} style={{ cursor: 'grab', touchAction: 'none' }} {...attributes} {...listeners}>
          <IconGripVertical size={16} aria-hidden />
        </ActionIcon>
        <Text size="sm" style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }} c={hidden ? 'dimmed' : undefined}>
          {label}
        </Text>
        {required && (
          <Badge size="xs" variant="outline" color="red.9" radius="sm" tt="none">
            {t('flags.required')}
          </Badge>
        )}
        {field?.custom && (
          <Badge size="xs" variant="outline" color="brand.8" radius="sm" tt="none" visibleFrom="xs">
            {t('layout.custom')}
          </Badge>
        )}
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('layout.moveTo', { field: label })}>
              <IconDots size={16} aria-hidden />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>{t('layout.moveToLabel')}</Menu.Label>
            {targets.map((target) => (
              <Menu.Item key={target.id} onClick={() => onMove(target.id)} disabled={target.id === hiddenContainer && !mayHide}>
                {target.name}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
        <Tooltip label={hidden ? t('layout.show') : mayHide ? t('layout.hide') : t('layout.requiredCannotHide')}>
          <ActionIcon variant="subtle" color="gray" size="sm" aria-label={hidden ? t('layout.showNamed', { field: label }) : t('layout.hideNamed', { field: label })} disabled={!mayHide} onClick={onToggleHidden}>
            {hidden ? <IconEye size={16} aria-hidden /> : <IconEyeOff size={16} aria-hidden />}
          </ActionIcon>
        </Tooltip>
      </Group>
      {problem && (
        <Text size="xs" c="red.8" role="alert" pl={30}>
          {problem}
        </Text>
      )}
    </Stack>
  );
}
