import { Alert, Button, Group, NativeSelect, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconArrowLeft, IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { useTypes } from '../../../api/hooks';
import type { Action } from '../../../api/types';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { ItemPicker } from '../../../components/fields/ItemPicker';
import { AnchorLink } from '../../../components/links';
import { useAdminUsers, type Explanation, type ItemTypeName } from './access-api';
import { actionList, itemTypes } from './permissions-model';

const plural: Record<ItemTypeName, string> = { lead: 'leads', contact: 'contacts', company: 'companies', deal: 'deals' };

interface Question {
  userId: number;
  type: ItemTypeName;
  id: number;
  action: Action;
}

/** "Why can (or can't) this person do this to this item?": the scope that decided and every role behind it. */
export function ExplainPage() {
  const { t } = useTranslation('settingsAccess');
  const users = useAdminUsers().data ?? [];
  const types = useTypes().data ?? [];
  const [userId, setUserId] = useState<string | null>(null);
  const [type, setType] = useState<ItemTypeName>('deal');
  const [itemId, setItemId] = useState<number | null>(null);
  const [action, setAction] = useState<Action>('read');
  const [question, setQuestion] = useState<Question | null>(null);
  const answer = useQuery({
    queryKey: ['access-explain', question],
    queryFn: () => api.get<Explanation>('/access/explain', { userId: question!.userId, type: plural[question!.type], id: question!.id, action: question!.action }),
    enabled: question !== null,
    staleTime: 0,
    gcTime: 0,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (userId === null || itemId === null) return;
    setQuestion({ userId: Number(userId), type, id: itemId, action });
  };
  const typeLabel = (name: ItemTypeName) => t(`common:types.${plural[name]}`);
  const userOptions = [...users].sort((a, b) => a.name.localeCompare(b.name)).map((u) => ({ value: String(u.id), label: u.isActive ? u.name : t('departments.inactiveUser', { name: u.name }) }));

  return (
    <Stack gap="md">
      <div>
        <AnchorLink to="/settings/roles" size="sm">
          <IconArrowLeft size={14} aria-hidden style={{ verticalAlign: 'middle', marginRight: 4 }} />
          {t('roles.backToList')}
        </AnchorLink>
        <Title order={2} size="h3" mt={4}>
          {t('explain.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('explain.intro')}
        </Text>
      </div>
      <Paper withBorder radius="md" p="sm" component="form" onSubmit={submit}>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select label={t('explain.user')} data={userOptions} value={userId} onChange={setUserId} searchable required placeholder={t('explain.pickUser')} comboboxProps={{ withinPortal: true }} />
            <NativeSelect
              label={t('explain.type')}
              data={itemTypes.filter((name) => types.length === 0 || types.some((meta) => meta.name === name)).map((name) => ({ value: name, label: typeLabel(name) }))}
              value={type}
              onChange={(event) => {
                setType(event.currentTarget.value as ItemTypeName);
                setItemId(null);
              }}
            />
            <ItemPicker key={type} typeName={type} label={t('explain.item')} value={itemId} onChange={(value) => setItemId(typeof value === 'number' ? value : null)} required />
            <NativeSelect label={t('explain.action')} data={actionList.map((name) => ({ value: name, label: t(`actions.${name}`) }))} value={action} onChange={(event) => setAction(event.currentTarget.value as Action)} />
          </SimpleGrid>
          <Group>
            <Button type="submit" disabled={userId === null || itemId === null} loading={answer.isFetching}>
              {t('explain.check')}
            </Button>
          </Group>
        </Stack>
      </Paper>
      {question && answer.isError && <ErrorNotice error={answer.error} onRetry={() => void answer.refetch()} />}
      {question && answer.data && <ExplanationView explanation={answer.data} userName={users.find((u) => u.id === question.userId)?.name ?? ''} type={question.type} />}
    </Stack>
  );
}

function ExplanationView({ explanation, userName, type }: { explanation: Explanation; userName: string; type: ItemTypeName }) {
  const { t } = useTranslation('settingsAccess');
  const action = t(`actions.${explanation.action}`).toLowerCase();
  const scope = t(`scopes.${explanation.scope}`);
  // Denied although open to everyone: the responsible is elsewhere, and openness is what the scope lacks.
  const relation = t(`explain.relation.${explanation.relation === 'open' && explanation.reason === 'outOfScope' ? 'openOutside' : explanation.relation}`);
  const item = t(`explain.item_${type}`);
  const why =
    explanation.reason === 'admin'
      ? t('explain.reason.admin')
      : explanation.reason === 'deleted'
        ? t('explain.reason.deleted')
        : explanation.reason === 'inScope'
          ? t('explain.reason.inScope', { scope, relation })
          : explanation.roles.length === 0
            ? t('explain.reason.noRoles')
            : t('explain.reason.outOfScope', { scope, relation });
  return (
    <Stack gap="sm" role="region" aria-label={t('explain.answer')}>
      <Alert
        color={explanation.allowed ? 'green' : 'red'}
        icon={explanation.allowed ? <IconCircleCheck aria-hidden /> : <IconCircleX aria-hidden />}
        title={explanation.allowed ? t('explain.allowed', { name: userName, action, item }) : t('explain.denied', { name: userName, action, item })}
      >
        <Text size="sm">{why}</Text>
      </Alert>
      {explanation.roles.length > 0 && (
        <Table.ScrollContainer minWidth={320}>
          <Table withTableBorder verticalSpacing={6}>
            <Table.Caption>{t('explain.rolesCaption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('explain.role')}</Table.Th>
                <Table.Th>{t('explain.scope')}</Table.Th>
                <Table.Th>{t('explain.decides')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {explanation.roles.map((role) => (
                <Table.Tr key={role.id}>
                  <Table.Td>
                    <AnchorLink to="/settings/roles/$roleId" params={{ roleId: role.id }} size="sm">
                      {role.name}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t(`scopes.${role.scope}`)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{role.allows ? t('explain.roleAllows') : t('explain.roleDenies')}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
