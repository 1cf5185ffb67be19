import { ActionIcon, Group, Stack } from '@mantine/core';
import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type Announcements, type DragEndEvent } from '@dnd-kit/core';
import { arrayMove, SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { IconGripVertical } from '@tabler/icons-react';
import { useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface SortableRowsProps<T> {
  /** The rows in their order. */
  rows: readonly T[];
  idOf: (row: T) => string;
  nameOf: (row: T) => string;
  /** The list's accessible name. */
  label: string;
  /** The new order of every id; not called when nothing moved. */
  onReorder: (ids: string[]) => void;
  /** What a row shows beside its drag handle. */
  children: (row: T) => ReactNode;
  disabled?: boolean;
}

/**
 * Rows put in order by dragging their handle: with a mouse, a finger, or the keyboard (Space, arrows, Space), each
 * step announced to screen readers in the user's language.
 */
export function SortableRows<T>({ rows, idOf, nameOf, label, onReorder, children, disabled = false }: SortableRowsProps<T>) {
  const { t } = useTranslation('settingsLists');
  const ids = rows.map(idOf);
  const names = new Map(rows.map((row) => [idOf(row), nameOf(row)]));
  // Pointer events cover a mouse and a finger (the handle has touch-action: none).
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const name = (id: string | number) => names.get(String(id)) ?? String(id);
  const position = (id: string | number) => ids.indexOf(String(id)) + 1;
  // dnd-kit reports the row over itself right after the pick-up: only a new place is announced, so the pick-up is heard.
  const lastOver = useRef<string | number | null>(null);
  const announcements: Announcements = {
    onDragStart: ({ active }) => {
      lastOver.current = active.id;
      return t('drag.picked', { name: name(active.id), position: position(active.id), count: ids.length });
    },
    onDragOver: ({ active, over }) => {
      if (!over || over.id === lastOver.current) return undefined;
      lastOver.current = over.id;
      return t('drag.over', { name: name(active.id), position: position(over.id), count: ids.length });
    },
    onDragEnd: ({ active, over }) => (over ? t('drag.dropped', { name: name(active.id), position: position(over.id), count: ids.length }) : t('drag.cancelled', { name: name(active.id) })),
    onDragCancel: ({ active }) => t('drag.cancelled', { name: name(active.id) }),
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    onReorder(arrayMove(ids, ids.indexOf(String(active.id)), ids.indexOf(String(over.id))));
  };

  return (
    <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd} accessibility={{ announcements, screenReaderInstructions: { draggable: t('drag.instructions') } }}>
      <SortableContext items={ids} strategy={verticalListSortingStrategy}>
        <Stack gap={0} role="list" aria-label={label}>
          {rows.map((row) => (
            <SortableRow key={idOf(row)} id={idOf(row)} name={nameOf(row)} disabled={disabled}>
              {children(row)}
            </SortableRow>
          ))}
        </Stack>
      </SortableContext>
    </DndContext>
  );
}

function SortableRow({ id, name, disabled, children }: { id: string; name: string; disabled: boolean; children: ReactNode }) {
  const { t } = useTranslation('settingsLists');
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id, disabled });
  return (
    <Group
      ref={setNodeRef}
      role="listitem"
      gap="xs"
      wrap="nowrap"
      py={6}
      px={4}
      style={{
        transform: CSS.Transform.toString(transform),
        transition,
        borderBottom: '1px solid var(--mantine-color-default-border)',
        background: isDragging ? 'var(--mantine-color-brand-0)' : 'var(--mantine-color-body)',
        position: 'relative',
        zIndex: isDragging ? 1 : undefined,
      }}
    >
      <ActionIcon
        ref={setActivatorNodeRef}
        variant="subtle"
        color="gray"
        aria-label={t('drag.handle', { name })}
        disabled={disabled}
        style={{ cursor: disabled ? undefined : 'grab', touchAction: 'none', flex: 'none' }}
        {...attributes}
        {...listeners}
      >
        <IconGripVertical size={16} aria-hidden />
      </ActionIcon>
      {children}
    </Group>
  );
}
