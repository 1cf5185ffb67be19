import { Button, Group, Modal, MultiSelect, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { errorMessage, fieldErrors } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { useAccessMutation, type AdminUser, type Department } from './access-api';
import { departmentOptions, subtreeIds } from './department-tree';

const close = (t: (key: string) => string) => ({ 'aria-label': t('common:actions.close') });
const topLevel = 'top';

function FormButtons({ onCancel, loading, label }: { onCancel: () => void; loading: boolean; label: string }) {
  const { t } = useTranslation('settingsAccess');
  return (
    <Group justify="flex-end" gap="sm">
      <Button variant="default" onClick={onCancel}>
        {t('common:actions.cancel')}
      </Button>
      <Button type="submit" loading={loading}>
        {label}
      </Button>
    </Group>
  );
}

/** Names a new department (under `parentId`) or renames one. */
export function DepartmentNameModal({ department, parentId, departments, onClose }: { department: Department | null; parentId: number | null; departments: Department[]; onClose: () => void }) {
  const { t } = useTranslation('settingsAccess');
  const [name, setName] = useState(department?.name ?? '');
  const save = useAccessMutation(() =>
    department ? api.patch<Department>(`/departments/${department.id}`, { name: name.trim() }) : api.post<Department>('/departments', { name: name.trim(), parentId }),
  );
  const errors = fieldErrors(save.error);
  const parent = departments.find((d) => d.id === parentId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(undefined, {
      onSuccess: (saved) => {
        notifySuccess(department ? t('departments.renamed', { name: saved.name }) : t('departments.created', { name: saved.name }));
        onClose();
      },
    });
  };
  const title = department ? t('departments.renameTitle', { name: department.name }) : parent ? t('departments.newUnder', { name: parent.name }) : t('departments.newTitle');
  return (
    <Modal opened onClose={onClose} title={title} closeButtonProps={close(t)}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label={t('departments.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required data-autofocus error={errors.name ?? (save.error && !errors.name ? errorMessage(save.error, t) : undefined)} />
          <FormButtons onCancel={onClose} loading={save.isPending} label={department ? t('common:actions.save') : t('common:actions.create')} />
        </Stack>
      </form>
    </Modal>
  );
}

/** "Move to…": the keyboard's and the phone's way to re-parent a department (dragging does the same). */
export function MoveDepartmentModal({ department, departments, onMove, onClose }: { department: Department; departments: Department[]; onMove: (parentId: number | null) => Promise<unknown>; onClose: () => void }) {
  const { t } = useTranslation('settingsAccess');
  const [target, setTarget] = useState<string>(department.parentId === null ? topLevel : String(department.parentId));
  const [busy, setBusy] = useState(false);
  const options = [{ value: topLevel, label: t('departments.topLevel') }, ...departmentOptions(departments, subtreeIds(departments, department.id))];
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await onMove(target === topLevel ? null : Number(target));
      onClose();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('departments.moveTitle', { name: department.name })} closeButtonProps={close(t)}>
      <form onSubmit={(e) => void submit(e)}>
        <Stack gap="sm">
          <Select label={t('departments.newParent')} data={options} value={target} onChange={(v) => v && setTarget(v)} allowDeselect={false} searchable data-autofocus comboboxProps={{ withinPortal: true }} />
          <FormButtons onCancel={onClose} loading={busy} label={t('departments.move')} />
        </Stack>
      </form>
    </Modal>
  );
}

/** The members of a department and its head (the head is one of the active users, usually a member). */
export function MembersModal({ department, users, onClose }: { department: Department; users: AdminUser[]; onClose: () => void }) {
  const { t } = useTranslation('settingsAccess');
  const [memberIds, setMemberIds] = useState(department.memberIds.map(String));
  const [head, setHead] = useState<string | null>(department.headUserId === null ? null : String(department.headUserId));
  const chosen = new Set([...memberIds, head ?? '']);
  const options = users
    .filter((u) => u.isActive || chosen.has(String(u.id)))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((u) => ({ value: String(u.id), label: u.isActive ? u.name : t('departments.inactiveUser', { name: u.name }) }));
  const save = useAccessMutation(async () => {
    await api.put(`/departments/${department.id}/members`, { userIds: memberIds.map(Number) });
    const headUserId = head === null ? null : Number(head);
    if (headUserId !== department.headUserId) await api.patch(`/departments/${department.id}`, { headUserId });
  });
  const errors = fieldErrors(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(undefined, {
      onSuccess: () => {
        notifySuccess(t('departments.membersSaved', { name: department.name }));
        onClose();
      },
    });
  };
  return (
    <Modal opened onClose={onClose} title={t('departments.membersTitle', { name: department.name })} closeButtonProps={close(t)}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Select label={t('departments.head')} data={options} value={head} onChange={setHead} clearable searchable placeholder={t('departments.noHead')} error={errors.headUserId} comboboxProps={{ withinPortal: true }} />
          <MultiSelect label={t('departments.members')} data={options} value={memberIds} onChange={setMemberIds} searchable clearable error={errors.userIds} comboboxProps={{ withinPortal: true }} data-autofocus />
          {save.error && Object.keys(errors).length === 0 && (
            <Text size="sm" c="red.9" role="alert">
              {errorMessage(save.error, t)}
            </Text>
          )}
          <FormButtons onCancel={onClose} loading={save.isPending} label={t('common:actions.save')} />
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * Deleting a department: one with sub-departments cannot go (they are moved or deleted first); one with members
 * goes only when the administrator confirms that they leave it.
 */
export function DeleteDepartmentModal({ department, childCount, onClose }: { department: Department; childCount: number; onClose: () => void }) {
  const { t } = useTranslation('settingsAccess');
  const members = department.memberIds.length;
  const remove = useAccessMutation(() => api.delete(`/departments/${department.id}`, members > 0 ? { force: 'true' } : undefined));
  const confirm = () =>
    remove.mutate(undefined, {
      onSuccess: () => {
        notifySuccess(t('departments.deleted', { name: department.name }));
        onClose();
      },
    });
  return (
    <Modal opened onClose={onClose} title={t('departments.deleteTitle', { name: department.name })} closeButtonProps={close(t)}>
      <Stack gap="sm">
        {childCount > 0 ? (
          <Text size="sm">{t('departments.hasChildren', { count: childCount })}</Text>
        ) : (
          <Text size="sm">{members > 0 ? t('departments.hasMembers', { count: members }) : t('departments.deleteBody')}</Text>
        )}
        {remove.error && (
          <Text size="sm" c="red.9" role="alert">
            {errorMessage(remove.error, t)}
          </Text>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} data-autofocus>
            {childCount > 0 ? t('common:actions.close') : t('common:actions.cancel')}
          </Button>
          {childCount === 0 && (
            <Button color="red.9" onClick={confirm} loading={remove.isPending}>
              {t('common:actions.delete')}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
