import { ActionIcon, Checkbox, Divider, Group, Popover, ScrollArea, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type Announcements, type DragEndEvent } from '@dnd-kit/core';
import { arrayMove, SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { IconGripVertical, IconSearch, IconSettings } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface ChoosableColumn {
  id: string;
  label: string;
}

export interface ColumnChooserProps {
  /** Every column there is. */
  columns: readonly ChoosableColumn[];
  /** The ids shown, in their order. */
  visible: readonly string[];
  onChange: (visible: string[]) => void;
  /** Columns that stay shown (they can still move). */
  locked?: readonly string[];
}

/**
 * The grid's column settings: tick the columns to show, drag the shown ones (mouse, touch or keyboard) into order.
 * A search narrows a long list of fields.
 */
export function ColumnChooser({ columns, visible, onChange, locked = [] }: ColumnChooserProps) {
  const { t } = useTranslation('dataGrid');
  const [opened, setOpened] = useState(false);
  const [query, setQuery] = useState('');
  const labels = useMemo(() => new Map(columns.map((column) => [column.id, column.label])), [columns]);
  const shown = visible.filter((id) => labels.has(id));
  const hidden = columns.filter((column) => !visible.includes(column.id)).sort((a, b) => a.label.localeCompare(b.label));
  const needle = query.trim().toLocaleLowerCase();
  const matches = (id: string) => needle === '' || (labels.get(id) ?? '').toLocaleLowerCase().includes(needle);

  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const position = (id: string | number) => shown.indexOf(String(id)) + 1;
  const name = (id: string | number) => labels.get(String(id)) ?? String(id);
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('drag.picked', { column: name(active.id), position: position(active.id), count: shown.length }),
    onDragOver: ({ active, over }) => (over ? t('drag.over', { column: name(active.id), position: position(over.id), count: shown.length }) : t('drag.outside', { column: name(active.id) })),
    onDragEnd: ({ active, over }) => (over ? t('drag.dropped', { column: name(active.id), position: position(over.id), count: shown.length }) : t('drag.cancelled', { column: name(active.id) })),
    onDragCancel: ({ active }) => t('drag.cancelled', { column: name(active.id) }),
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    onChange(arrayMove(shown, shown.indexOf(String(active.id)), shown.indexOf(String(over.id))));
  };
  const hide = (id: string) => onChange(shown.filter((other) => other !== id));
  const show = (id: string) => onChange([...shown, id]);

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-start" shadow="md" width={300} trapFocus withinPortal>
      <Popover.Target>
        <Tooltip label={t('columns.open')}>
          <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('columns.open')} aria-expanded={opened} onClick={() => setOpened((o) => !o)}>
            <IconSettings size={16} aria-hidden />
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown p="xs" aria-label={t('columns.title')} role="dialog">
        <Stack gap="xs">
          <Text fw={600} size="sm">
            {t('columns.title')}
          </Text>
          <TextInput size="xs" aria-label={t('columns.search')} placeholder={t('columns.search')} leftSection={<IconSearch size={14} aria-hidden />} value={query} onChange={(e) => setQuery(e.currentTarget.value)} />
          <ScrollArea.Autosize mah={380} type="auto" offsetScrollbars>
            <Text size="xs" c="dimmed" fw={600} tt="uppercase" mb={4}>
              {t('columns.shown')}
            </Text>
            <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd} accessibility={{ announcements, screenReaderInstructions: { draggable: t('drag.instructions') } }}>
              <SortableContext items={shown} strategy={verticalListSortingStrategy}>
                <Stack gap={2} role="list" aria-label={t('columns.shown')}>
                  {shown.filter(matches).map((id) => (
                    <SortableColumn key={id} id={id} label={name(id)} sortable={needle === ''} mayHide={!locked.includes(id) && shown.length > 1} onHide={() => hide(id)} />
                  ))}
                </Stack>
              </SortableContext>
            </DndContext>
            {hidden.length > 0 && (
              <>
                <Divider my="xs" />
                <Text size="xs" c="dimmed" fw={600} tt="uppercase" mb={4}>
                  {t('columns.hidden')}
                </Text>
                <Stack gap={2} role="list" aria-label={t('columns.hidden')}>
                  {hidden
                    .filter((column) => matches(column.id))
                    .map((column) => (
                      <Group key={column.id} role="listitem" gap={6} wrap="nowrap" pl={26} py={3}>
                        <Checkbox size="xs" label={column.label} checked={false} onChange={() => show(column.id)} />
                      </Group>
                    ))}
                </Stack>
              </>
            )}
          </ScrollArea.Autosize>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

function SortableColumn({ id, label, sortable, mayHide, onHide }: { id: string; label: string; sortable: boolean; mayHide: boolean; onHide: () => void }) {
  const { t } = useTranslation('dataGrid');
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id, disabled: !sortable });
  return (
    <Group
      ref={setNodeRef}
      role="listitem"
      gap={6}
      wrap="nowrap"
      py={3}
      style={{ transform: CSS.Transform.toString(transform), transition, background: isDragging ? 'var(--mantine-color-brand-0)' : undefined, borderRadius: 4, position: 'relative', zIndex: isDragging ? 1 : undefined }}
    >
      <ActionIcon ref={setActivatorNodeRef} variant="subtle" color="gray" size="xs" aria-label={t('columns.move', { column: label })} disabled={!sortable} style={{ cursor: sortable ? 'grab' : undefined, touchAction: 'none' }} {...attributes} {...listeners}>
        <IconGripVertical size={14} aria-hidden />
      </ActionIcon>
      <Checkbox size="xs" label={label} checked disabled={!mayHide} onChange={onHide} />
    </Group>
  );
}
