import { Checkbox, NativeSelect, Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Action, Pipeline, Scope } from '../../../api/types';
import type { ItemTypeName, RolePermissions } from './access-api';
import { actionList, itemTypes, pipelineGrants, scopeList, scopeOf, withPipelineOverride, withPipelineScope, withScope } from './permissions-model';

interface Props {
  permissions: RolePermissions;
  /** Deal pipelines: each gets a row that follows the deal grants or has its own. */
  pipelines: Pipeline[];
  onChange: (permissions: RolePermissions) => void;
  /** Phones: one card per row instead of a table. */
  compact?: boolean;
}

/** The rows' names stay in view while the actions scroll sideways. */
const sticky = { position: 'sticky', left: 0, zIndex: 1, background: 'var(--mantine-color-body)' } as const;

interface Row {
  key: string;
  label: string;
  type: ItemTypeName;
  pipeline: Pipeline | null;
  /** A pipeline row without grants of its own shows the deal grants, disabled. */
  inherited: boolean;
  scope: (action: Action) => Scope;
}

/**
 * What a role may do, per item type (rows; deals also per pipeline) and action (columns): a scope in each cell,
 * from "none" to "all", as Bitrix24's access permissions table.
 */
export function PermissionMatrix({ permissions, pipelines, onChange, compact }: Props) {
  const { t } = useTranslation('settingsAccess');
  const rows: Row[] = itemTypes.flatMap((type): Row[] => {
    const general: Row = { key: type, label: t(`common:types.${type === 'company' ? 'companies' : `${type}s`}`), type, pipeline: null, inherited: false, scope: (action) => scopeOf(permissions, type, action) };
    if (type !== 'deal') return [general];
    return [
      general,
      ...pipelines.map((pipeline): Row => {
        const own = pipelineGrants(permissions, pipeline.id);
        return {
          key: `pipeline-${pipeline.id}`,
          label: t('roles.pipelineRow', { name: pipeline.name }),
          type,
          pipeline,
          inherited: own === undefined,
          scope: (action) => (own ? (own[action] ?? 'none') : scopeOf(permissions, 'deal', action)),
        };
      }),
    ];
  });
  const scopeOptions = scopeList.map((scope) => ({ value: scope, label: t(`scopes.${scope}`) }));
  const change = (row: Row, action: Action, scope: Scope) =>
    onChange(row.pipeline ? withPipelineScope(permissions, row.pipeline.id, action, scope) : withScope(permissions, row.type, action, scope));
  const cell = (row: Row, action: Action) => (
    <NativeSelect
      size="xs"
      aria-label={t('roles.cellLabel', { row: row.label, action: t(`actions.${action}`) })}
      label={compact ? t(`actions.${action}`) : undefined}
      data={scopeOptions}
      value={row.scope(action)}
      disabled={row.inherited}
      onChange={(event) => change(row, action, event.currentTarget.value as Scope)}
    />
  );
  const ownToggle = (row: Row) =>
    row.pipeline && (
      <Checkbox
        size="xs"
        mt={4}
        label={t('roles.ownPipelineGrants')}
        aria-label={t('roles.ownPipelineGrantsFor', { name: row.pipeline.name })}
        checked={!row.inherited}
        onChange={(event) => onChange(withPipelineOverride(permissions, row.pipeline!.id, event.currentTarget.checked))}
      />
    );

  if (compact) {
    return (
      <Stack gap="sm">
        {rows.map((row) => (
          <Paper key={row.key} withBorder radius="md" p="sm" role="group" aria-label={row.label}>
            <Text fw={600} size="sm">
              {row.label}
            </Text>
            {ownToggle(row)}
            <SimpleGrid cols={2} spacing="xs" verticalSpacing="xs" mt="xs">
              {actionList.map((action) => (
                <div key={action}>{cell(row, action)}</div>
              ))}
            </SimpleGrid>
          </Paper>
        ))}
      </Stack>
    );
  }
  return (
    <Table.ScrollContainer minWidth={1200}>
      <Table verticalSpacing={6} withTableBorder withColumnBorders>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={190} style={sticky}>
              {t('roles.itemType')}
            </Table.Th>
            {actionList.map((action) => (
              <Table.Th key={action}>{t(`actions.${action}`)}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.key}>
              <Table.Th scope="row" fw={row.pipeline ? 400 : 600} pl={row.pipeline ? 'lg' : undefined} style={sticky}>
                <Text size="sm" fw="inherit">
                  {row.label}
                </Text>
                {ownToggle(row)}
              </Table.Th>
              {actionList.map((action) => (
                <Table.Td key={action}>{cell(row, action)}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
