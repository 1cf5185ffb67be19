import { Checkbox, MultiSelect, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AdminUser, Assignment, Department } from './access-api';
import { departmentOptions } from './department-tree';

interface Props {
  assignments: Assignment[];
  users: AdminUser[];
  departments: Department[];
  onChange: (assignments: Assignment[]) => void;
}

/** To whom the role is given: everyone, chosen users, the members of chosen departments. */
export function AssignmentsEditor({ assignments, users, departments, onChange }: Props) {
  const { t } = useTranslation('settingsAccess');
  const everyone = assignments.some((a) => a.userId === null && a.departmentId === null);
  const userIds = assignments.filter((a) => a.userId !== null).map((a) => String(a.userId));
  const departmentIds = assignments.filter((a) => a.departmentId !== null).map((a) => String(a.departmentId));
  const build = (next: { everyone?: boolean; userIds?: string[]; departmentIds?: string[] }): Assignment[] => [
    ...((next.everyone ?? everyone) ? [{ userId: null, departmentId: null }] : []),
    ...(next.userIds ?? userIds).map((id) => ({ userId: Number(id), departmentId: null })),
    ...(next.departmentIds ?? departmentIds).map((id) => ({ userId: null, departmentId: Number(id) })),
  ];
  const userOptions = users
    .filter((u) => u.isActive || userIds.includes(String(u.id)))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((u) => ({ value: String(u.id), label: `${u.name} (${u.email})` }));
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('assignments.intro')}
      </Text>
      <Checkbox label={t('assignments.everyone')} description={t('assignments.everyoneHint')} checked={everyone} onChange={(e) => onChange(build({ everyone: e.currentTarget.checked }))} />
      <MultiSelect label={t('assignments.users')} data={userOptions} value={userIds} onChange={(values) => onChange(build({ userIds: values }))} searchable clearable comboboxProps={{ withinPortal: true }} />
      <MultiSelect label={t('assignments.departments')} description={t('assignments.departmentsHint')} data={departmentOptions(departments)} value={departmentIds} onChange={(values) => onChange(build({ departmentIds: values }))} searchable clearable comboboxProps={{ withinPortal: true }} />
    </Stack>
  );
}
