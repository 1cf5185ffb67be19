import { DndContext, KeyboardSensor, PointerSensor, pointerWithin, useDraggable, useDroppable, useSensor, useSensors, type Announcements, type DragEndEvent } from '@dnd-kit/core';
import { ActionIcon, Badge, Box, Button, Group, Menu, Paper, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconDots, IconGripVertical, IconPlus, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { PageLoader } from '../../../components/PageLoader';
import { errorMessage } from '../../../lib/errors';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useAccessMutation, useAdminUsers, useDepartments, type Department } from './access-api';
import { DeleteDepartmentModal, DepartmentNameModal, MembersModal, MoveDepartmentModal } from './DepartmentDialogs';
import { flattenTree, subtreeIds, type TreeRow } from './department-tree';

const topLevelId = 'top-level';

type Dialog =
  | { kind: 'name'; department: Department | null; parentId: number | null }
  | { kind: 'move'; department: Department }
  | { kind: 'members'; department: Department }
  | { kind: 'delete'; department: Department; childCount: number };

/**
 * The department tree: create, rename, re-parent by dragging a department onto another (or onto "top level"; the
 * keyboard drags too, and "Move to…" does it from a list), the head and the members, and deletion.
 */
export function DepartmentsPage() {
  const { t } = useTranslation('settingsAccess');
  const departments = useDepartments();
  const users = useAdminUsers().data ?? [];
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const move = useAccessMutation(({ department, parentId }: { department: Department; parentId: number | null }) => api.patch<Department>(`/departments/${department.id}`, { parentId }));
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }), useSensor(KeyboardSensor));

  const list = departments.data ?? [];
  const rows = flattenTree(list);
  const byId = new Map(list.map((d) => [d.id, d]));
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const nameOf = (id: string | number | undefined) => (id === topLevelId ? t('departments.topLevel') : (byId.get(Number(id))?.name ?? ''));

  const moveTo = async (department: Department, parentId: number | null) => {
    if (department.parentId === parentId) return;
    try {
      await move.mutateAsync({ department, parentId });
      notifySuccess(parentId === null ? t('departments.movedTop', { name: department.name }) : t('departments.moved', { name: department.name, parent: byId.get(parentId)?.name ?? '' }));
    } catch (error) {
      notifyError(t('departments.notMoved', { name: department.name }), errorMessage(error, t));
      throw error;
    }
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const department = byId.get(Number(active.id));
    if (!department || !over) return;
    const parentId = over.id === topLevelId ? null : Number(over.id);
    if (parentId !== null && subtreeIds(list, department.id).has(parentId)) return;
    moveTo(department, parentId).catch(() => undefined);
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('departments.dnd.start', { name: nameOf(active.id) }),
    onDragOver: ({ active, over }) => (over ? t('departments.dnd.over', { name: nameOf(active.id), target: nameOf(over.id) }) : t('departments.dnd.nowhere', { name: nameOf(active.id) })),
    onDragEnd: ({ active, over }) => (over ? t('departments.dnd.end', { name: nameOf(active.id), target: nameOf(over.id) }) : t('departments.dnd.cancel', { name: nameOf(active.id) })),
    onDragCancel: ({ active }) => t('departments.dnd.cancel', { name: nameOf(active.id) }),
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <div>
          <Title order={2} size="h3">
            {t('departments.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('departments.intro')}
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setDialog({ kind: 'name', department: null, parentId: null })}>
          {t('departments.add')}
        </Button>
      </Group>
      {departments.isPending ? (
        <PageLoader />
      ) : departments.isError ? (
        <ErrorNotice error={departments.error} onRetry={() => void departments.refetch()} />
      ) : rows.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('departments.empty')}
        </Text>
      ) : (
        <DndContext
          sensors={sensors}
          collisionDetection={pointerWithin}
          onDragEnd={onDragEnd}
          accessibility={{ announcements, screenReaderInstructions: { draggable: t('departments.dnd.instructions') } }}
        >
          <Paper withBorder radius="md" p={4}>
            <TopLevelZone />
            <Box component="ul" aria-label={t('departments.title')} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {rows.map((row) => (
                <DepartmentRow
                  key={row.department.id}
                  row={row}
                  headName={row.department.headUserId === null ? null : (userName.get(row.department.headUserId) ?? null)}
                  onDialog={setDialog}
                />
              ))}
            </Box>
          </Paper>
        </DndContext>
      )}
      {dialog?.kind === 'name' && <DepartmentNameModal department={dialog.department} parentId={dialog.parentId} departments={list} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'move' && <MoveDepartmentModal department={dialog.department} departments={list} onMove={(parentId) => moveTo(dialog.department, parentId)} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'members' && <MembersModal department={dialog.department} users={users} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'delete' && <DeleteDepartmentModal department={dialog.department} childCount={dialog.childCount} onClose={() => setDialog(null)} />}
    </Stack>
  );
}

/** Where a department is dropped to stand at the top of the tree. */
function TopLevelZone() {
  const { t } = useTranslation('settingsAccess');
  const { setNodeRef, isOver, active } = useDroppable({ id: topLevelId });
  if (!active) return null;
  return (
    <Box ref={setNodeRef} p="xs" mb={4} style={{ border: '2px dashed var(--mantine-color-gray-5)', borderRadius: 8, background: isOver ? 'var(--mantine-color-brand-0)' : undefined }}>
      <Text size="sm" c="dimmed" ta="center">
        {t('departments.dropTop')}
      </Text>
    </Box>
  );
}

function DepartmentRow({ row, headName, onDialog }: { row: TreeRow; headName: string | null; onDialog: (dialog: Dialog) => void }) {
  const { t } = useTranslation('settingsAccess');
  const { department, depth, childCount } = row;
  const id = department.id;
  const { attributes, listeners, setNodeRef: setDragNode, transform, isDragging } = useDraggable({ id });
  const { setNodeRef: setDropNode, isOver } = useDroppable({ id });
  return (
    <li ref={setDropNode} style={{ opacity: isDragging ? 0.5 : 1 }}>
      <Group
        gap="xs"
        wrap="nowrap"
        py={6}
        pr="xs"
        pl={`calc(${Math.min(depth, 6)} * 1.25rem + 4px)`}
        style={{
          borderRadius: 6,
          background: isOver && !isDragging ? 'var(--mantine-color-brand-0)' : undefined,
          outline: isOver && !isDragging ? '2px solid var(--mantine-color-brand-5)' : undefined,
          transform: transform ? `translate3d(${transform.x}px, ${transform.y}px, 0)` : undefined,
          position: 'relative',
          zIndex: isDragging ? 2 : undefined,
        }}
      >
        <ActionIcon ref={setDragNode} variant="subtle" color="gray" size="sm" aria-label={t('departments.dragHandle', { name: department.name })} {...attributes} {...listeners} style={{ cursor: 'grab', touchAction: 'none' }}>
          <IconGripVertical size={16} aria-hidden />
        </ActionIcon>
        <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
          <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
            {department.name}
          </Text>
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {depth > 0 && <VisuallyHidden>{t('departments.under', { path: row.path.slice(0, -1).join(' › ') })} </VisuallyHidden>}
            {headName ? t('departments.headIs', { name: headName }) : t('departments.noHead')}
          </Text>
        </Stack>
        <Badge variant="light" color="gray" radius="sm" leftSection={<IconUsers size={12} aria-hidden />} style={{ flexShrink: 0 }}>
          {t('departments.memberCount', { count: department.memberIds.length })}
        </Badge>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" aria-label={t('departments.actionsFor', { name: department.name })}>
              <IconDots size={18} aria-hidden />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => onDialog({ kind: 'members', department })}>{t('departments.membersAndHead')}</Menu.Item>
            <Menu.Item onClick={() => onDialog({ kind: 'name', department: null, parentId: id })}>{t('departments.addSub')}</Menu.Item>
            <Menu.Item onClick={() => onDialog({ kind: 'name', department, parentId: department.parentId })}>{t('departments.rename')}</Menu.Item>
            <Menu.Item onClick={() => onDialog({ kind: 'move', department })}>{t('departments.moveTo')}</Menu.Item>
            <Menu.Divider />
            <Menu.Item color="red.9" onClick={() => onDialog({ kind: 'delete', department, childCount })}>
              {t('common:actions.delete')}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Group>
    </li>
  );
}
