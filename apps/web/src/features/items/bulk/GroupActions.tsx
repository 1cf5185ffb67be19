import { ActionBar, Button, Group, Menu, Text } from '@mantine/core';
import { IconChevronUp, IconFileExport, IconPencil, IconTrash, IconUserCheck, IconStairsUp } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { queryKeys } from '../../../api/hooks';
import { forgetTitles } from '../../../api/titles';
import type { FilterTerm, Locale, TypeMeta } from '../../../api/types';
import { formatCount } from '../../../lib/format';
import { listQueryKey } from '../list/useItemPages';
import type { Selection } from '../list/useSelection';
import { GroupActionDialog, settableFields, type ActionKind } from './GroupActionDialog';
import type { BulkTarget } from './jobs';

interface Props {
  type: TypeMeta;
  selection: Selection;
  total: number | null;
  totalCapped: boolean;
  filter: readonly FilterTerm[];
  search: string | undefined;
}

/**
 * "Ações em grupo": while rows are ticked, a bar at the bottom offers "select all N that match" and the actions the
 * user's rights allow (change responsible, stage or status, set a field, export flag, delete). Each runs as a job on
 * the server; when it ends the list is loaded again and the selection cleared.
 */
export function GroupActions({ type, selection, total, totalCapped, filter, search }: Props) {
  const { t, i18n } = useTranslation('items');
  const locale = i18n.language as Locale;
  const client = useQueryClient();
  const [running, setRunning] = useState<{ kind: ActionKind; target: BulkTarget; subject: string } | null>(null);

  const mayUpdate = type.rights.update !== 'none';
  const mayDelete = type.rights.delete !== 'none';
  const hasExport = mayUpdate && type.fields.some((field) => field.name === 'export' && !field.readOnly);
  const totalText = total === null ? null : formatCount(total, locale, totalCapped);
  const selectedText = formatCount(selection.count, locale);
  const subject = selection.all ? t('bulk.subjectAll', { shown: totalText ?? '' }) : t('bulk.subjectSome', { count: selection.count, shown: selectedText });

  const open = (kind: ActionKind) => {
    const target: BulkTarget = selection.all
      ? { kind: 'all', filter, search }
      : { kind: 'items', items: [...selection.items].map(([id, version]) => ({ id: Number(id), version })) };
    setRunning({ kind, target, subject });
  };

  const close = (ran: boolean) => {
    setRunning(null);
    if (!ran) return;
    selection.clear();
    // The rows from the first page again; cards, boards and linked titles of this type are stale too.
    void client.resetQueries({ queryKey: listQueryKey(type.plural) });
    void client.invalidateQueries({ predicate: (query) => query.queryKey[0] === 'item' && query.queryKey[1] === type.plural });
    void client.invalidateQueries({ queryKey: queryKeys.items(type.plural), predicate: (query) => query.queryKey[2] !== 'list' });
    forgetTitles(type.plural);
  };

  return (
    <>
      <ActionBar opened={!selection.empty && !running} onClose={selection.clear} closeOnEscape aria-label={t('bulk.label')} position={{ bottom: 52, left: 8, right: 8 }} shadow="lg" p={8} maw="calc(100vw - 16px)">
        <Group gap={6} wrap="wrap" justify="center">
          <Text size="sm" fw={600} px={6} aria-live="polite">
            {selection.all ? t('bulk.allSelected', { shown: totalText ?? '' }) : t('bulk.selectedCount', { shown: selectedText })}
          </Text>
          {!selection.all && (
            <Button variant="subtle" size="compact-sm" onClick={selection.selectAll}>
              {totalText ? t('bulk.selectAll', { shown: totalText }) : t('bulk.selectAllUnknown')}
            </Button>
          )}
          <ActionBar.Divider />
          {mayUpdate && (
            <Button variant="default" size="compact-sm" leftSection={<IconUserCheck size={14} aria-hidden />} onClick={() => open('assign')}>
              {t('bulk.assignShort')}
            </Button>
          )}
          {mayUpdate && type.stages && (
            <Button variant="default" size="compact-sm" leftSection={<IconStairsUp size={14} aria-hidden />} onClick={() => open('stage')}>
              {type.name === 'lead' ? t('bulk.stageLeadShort') : t('bulk.stageShort')}
            </Button>
          )}
          {mayUpdate && settableFields(type).length > 0 && (
            <Button variant="default" size="compact-sm" leftSection={<IconPencil size={14} aria-hidden />} onClick={() => open('set')}>
              {t('bulk.setShort')}
            </Button>
          )}
          {hasExport && (
            <Menu position="top" withinPortal>
              <Menu.Target>
                <Button variant="default" size="compact-sm" leftSection={<IconFileExport size={14} aria-hidden />} rightSection={<IconChevronUp size={12} aria-hidden />}>
                  {t('bulk.exportShort')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={() => open('exportInclude')}>{t('bulk.exportInclude')}</Menu.Item>
                <Menu.Item onClick={() => open('exportExclude')}>{t('bulk.exportExclude')}</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
          {mayDelete && (
            <Button variant="light" color="red" size="compact-sm" leftSection={<IconTrash size={14} aria-hidden />} onClick={() => open('delete')}>
              {t('common:actions.delete')}
            </Button>
          )}
          <ActionBar.CloseButton aria-label={t('bulk.clearSelection')} />
        </Group>
      </ActionBar>
      {running && <GroupActionDialog type={type} kind={running.kind} target={running.target} subject={running.subject} onClose={close} />}
    </>
  );
}
