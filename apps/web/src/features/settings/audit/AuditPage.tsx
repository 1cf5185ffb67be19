import { Alert, Button, Card, Group, Loader, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../api/types';
import { UserPicker } from '../../../components/fields/UserPicker';
import { errorMessage } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { useAuditLog, type AuditEntry, type AuditFilters } from './audit-api';

/** The kinds the filter offers: a prefix of the entries' kinds, and its label's key. */
const kindGroups: Array<[prefix: string, key: string]> = [
  ['settings.', 'settings'],
  ['settings.referenceList.', 'lists'],
  ['settings.pipeline.', 'pipelines'],
  ['settings.stage.', 'stages'],
  ['settings.customField.', 'customFields'],
  ['settings.cardLayout.', 'cardLayouts'],
  ['settings.currency.', 'currencies'],
  ['settings.crmMode.', 'crmMode'],
  ['settings.inboundWebhook.', 'inboundWebhooks'],
  ['user.', 'users'],
  ['department.', 'departments'],
  ['role.', 'roles'],
  ['token.', 'tokens'],
  ['auth.', 'auth'],
  ['auth.signInFailed', 'signInFailed'],
  ['export.', 'exports'],
];

const noFilters: AuditFilters = { actorId: null, kind: null, from: '', to: '' };

// Details shown by other columns, or only meaningful to the API.
const hiddenDetails = new Set(['name', 'changes', 'list', 'itemType', 'field', 'optionId', 'setup', 'rates', 'columns', 'selection', 'fileId']);
const labelledDetails = ['email', 'reason', 'code', 'replaceWith', 'moved', 'itemsWithValues', 'format', 'count'];

/** /settings/audit: who did what to settings, users, roles and sign-ins; filtered by person, kind and period. */
export function AuditPage() {
  const { t, i18n } = useTranslation('audit');
  const locale = i18n.language as Locale;
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [filters, setFilters] = useState<AuditFilters>(noFilters);
  const log = useAuditLog(filters);
  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];
  const set = (changes: Partial<AuditFilters>) => setFilters((current) => ({ ...current, ...changes }));

  const value = (v: unknown): string => {
    if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) return t('none');
    if (typeof v === 'boolean') return v ? t('yes') : t('no');
    if (typeof v === 'string') return v.length > 80 ? `${v.slice(0, 79)}…` : v;
    if (typeof v === 'number') return String(v);
    if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) return value(v.join(', '));
    return t('changed');
  };
  const what = (entry: AuditEntry) => t(`kinds.${entry.kind}`, { defaultValue: entry.kind });
  const who = (entry: AuditEntry) => entry.actor?.name ?? t('unknownActor');
  const target = (entry: AuditEntry) => {
    if (!entry.target) return '';
    const type = t(`targets.${entry.target.type}`, { id: entry.target.id, defaultValue: entry.target.type });
    const name = entry.target.name ?? (entry.target.type === 'referenceList' || entry.target.type === 'cardLayout' || entry.target.type === 'crmMode' ? null : `#${entry.target.id}`);
    return name ? `${type}: ${name}` : type;
  };
  const details = (entry: AuditEntry): string[] => {
    const field = (key: string) => t(`fieldNames.${key}`, { defaultValue: key });
    const lines = Object.entries(entry.details.changes ?? {}).map(([key, [before, after]]) =>
      before === null ? `${field(key)}: ${value(after)}` : `${field(key)}: ${value(before)} → ${value(after)}`,
    );
    for (const key of labelledDetails) {
      const v = entry.details[key];
      if (v === undefined || v === null) continue;
      lines.push(`${t(`detail.${key}`)}: ${key === 'reason' ? t(`reasons.${String(v)}`, { defaultValue: String(v) }) : value(v)}`);
    }
    for (const [key, v] of Object.entries(entry.details)) {
      if (!hiddenDetails.has(key) && !labelledDetails.includes(key)) lines.push(`${key}: ${value(v)}`);
    }
    return lines;
  };
  const when = (entry: AuditEntry) => formatDateTime(entry.at, locale);

  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        {t('settings:sections.audit')}
      </Title>
      <Text c="dimmed" size="sm">
        {t('intro')}
      </Text>
      <Stack gap="xs" component="section" aria-label={t('filters')}>
        <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }} spacing="sm">
          <UserPicker label={t('person')} value={filters.actorId} onChange={(v) => set({ actorId: typeof v === 'number' ? v : null })} />
          <NativeSelect
            label={t('kind')}
            value={filters.kind ?? ''}
            onChange={(event) => set({ kind: event.currentTarget.value || null })}
            data={[{ value: '', label: t('anyKind') }, ...kindGroups.map(([prefix, key]) => ({ value: prefix, label: t(`groups.${key}`) }))]}
          />
          <TextInput type="date" label={t('from')} value={filters.from} max={filters.to || undefined} onChange={(event) => set({ from: event.currentTarget.value })} />
          <TextInput type="date" label={t('to')} value={filters.to} min={filters.from || undefined} onChange={(event) => set({ to: event.currentTarget.value })} />
        </SimpleGrid>
        {(filters.actorId !== null || filters.kind !== null || filters.from || filters.to) && (
          <Group>
            <Button variant="subtle" size="compact-sm" onClick={() => setFilters(noFilters)}>
              {t('clear')}
            </Button>
          </Group>
        )}
      </Stack>

      {log.isError && <Alert color="red">{errorMessage(log.error, t)}</Alert>}
      {log.isPending && <Loader size="sm" aria-label={t('loading')} />}
      {log.isSuccess && entries.length === 0 && <Text c="dimmed">{t('empty')}</Text>}

      {entries.length > 0 &&
        (phone ? (
          <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('settings:sections.audit')}>
            {entries.map((entry) => (
              <Card component="li" key={entry.id} withBorder padding="sm" data-testid="audit-entry">
                <Text fw={600} size="sm">
                  {what(entry)}
                </Text>
                {entry.target && <Text size="sm">{target(entry)}</Text>}
                <Text size="xs" c="dimmed">
                  {who(entry)} · {when(entry)}
                  {entry.ip ? ` · ${t('from_ip', { ip: entry.ip })}` : ''}
                </Text>
                {details(entry).map((line) => (
                  <Text key={line} size="xs" style={{ overflowWrap: 'anywhere' }}>
                    {line}
                  </Text>
                ))}
              </Card>
            ))}
          </Stack>
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table striped verticalSpacing="xs" aria-label={t('settings:sections.audit')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('columns.at')}</Table.Th>
                  <Table.Th>{t('columns.actor')}</Table.Th>
                  <Table.Th>{t('columns.what')}</Table.Th>
                  <Table.Th>{t('columns.target')}</Table.Th>
                  <Table.Th>{t('columns.details')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {entries.map((entry) => (
                  <Table.Tr key={entry.id} data-testid="audit-entry">
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{when(entry)}</Table.Td>
                    <Table.Td>
                      {who(entry)}
                      {entry.ip && (
                        <Text size="xs" c="dimmed">
                          {entry.ip}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{what(entry)}</Table.Td>
                    <Table.Td>{target(entry)}</Table.Td>
                    <Table.Td>
                      {details(entry).map((line) => (
                        <Text key={line} size="xs" style={{ overflowWrap: 'anywhere' }}>
                          {line}
                        </Text>
                      ))}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ))}

      {log.hasNextPage && (
        <Group>
          <Button variant="default" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
            {t('loadMore')}
          </Button>
        </Group>
      )}
      {log.isSuccess && entries.length > 0 && !log.hasNextPage && (
        <Text size="xs" c="dimmed">
          {t('end')}
        </Text>
      )}
    </Stack>
  );
}
