import { Group, Stack, Text } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { FieldMeta, HistoryEntry, Item, Locale, TypeMeta } from '../../api/types';
import { ItemLink } from '../../components/fields/FieldValue';
import { formatDateTime } from '../../lib/format';
import { CardFieldValue } from './CardFieldValue';
import classes from './HistoryEvent.module.css';

interface Props {
  type: TypeMeta;
  item: Item;
  fields: FieldMeta[];
  /** The entries of one event (one save): the same id, date and author. */
  entries: HistoryEntry[];
}

/** One event of the history: when, who, and what happened in words, a change as its old and new values. */
export function HistoryEvent({ type, item, fields, entries }: Props) {
  const { t, i18n } = useTranslation('card');
  const first = entries[0];
  return (
    <li className={classes.event}>
      <Group gap={8} mb={4}>
        <Text size="xs" c="dimmed" component="time" dateTime={first.date}>
          {formatDateTime(first.date, i18n.language as Locale)}
        </Text>
        <Text size="xs" fw={600}>
          {first.author?.name ?? t('history.system')}
        </Text>
      </Group>
      <Stack gap={4}>
        {entries.map((entry, index) => (
          <EntryLine key={`${entry.field ?? entry.type}-${index}`} type={type} item={item} fields={fields} entry={entry} />
        ))}
      </Stack>
    </li>
  );
}

function EntryLine({ type, item, fields, entry }: { type: TypeMeta; item: Item; fields: FieldMeta[]; entry: HistoryEntry }) {
  const { t } = useTranslation('card');
  switch (entry.type) {
    case 'created':
      return <Text size="sm">{t(`history.created.${type.name}`)}</Text>;
    case 'deleted': {
      // A merged item's deletion names the item it was merged into.
      const into = (entry.newValue as { mergedInto?: unknown } | null)?.mergedInto;
      if (typeof into === 'number') {
        return (
          <Text size="sm">
            {t('history.mergedInto')} <ItemLink typeName={type.name} id={into} />
          </Text>
        );
      }
      return <Text size="sm">{t('history.deleted')}</Text>;
    }
    case 'merged': {
      const ids = (entry.newValue as { mergedIds?: unknown } | null)?.mergedIds;
      return (
        <Group gap={6} wrap="wrap">
          <Text size="sm">{t('history.merged')}</Text>
          {(Array.isArray(ids) ? ids : []).map((id) => (
            <Text span size="sm" key={String(id)}>
              #{String(id)}
            </Text>
          ))}
        </Group>
      );
    }
    case 'restored':
      return <Text size="sm">{t('history.restored')}</Text>;
    case 'converted':
      return <Converted value={entry.newValue} />;
    case 'updated':
      if (entry.field) return <Change type={type} item={item} field={fields.find((candidate) => candidate.name === entry.field)} entry={entry} />;
      return <Text size="sm">{t('history.other')}</Text>;
    default:
      return <Text size="sm">{t('history.other')}</Text>;
  }
}

function Change({ type, item, field, entry }: { type: TypeMeta; item: Item; field: FieldMeta | undefined; entry: HistoryEntry }) {
  const { t } = useTranslation('card');
  const show = (value: unknown) =>
    field ? (
      <CardFieldValue type={type} field={field} value={value} item={item} compact={field.type !== 'multifield'} />
    ) : (
      <Text span size="sm">
        {value === null || value === undefined ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value)}
      </Text>
    );
  return (
    <div className={classes.change}>
      <Text size="sm" fw={500} className={classes.label}>
        {entry.fieldLabel ?? field?.label ?? entry.field}
      </Text>
      <Group gap={6} wrap="wrap" align="center" className={classes.values}>
        <span>
          <span className={classes.hidden}>{t('history.from')}: </span>
          {show(entry.oldValue)}
        </span>
        <IconArrowRight size={14} aria-hidden className={classes.arrow} />
        <span>
          <span className={classes.hidden}>{t('history.to')}: </span>
          {show(entry.newValue)}
        </span>
      </Group>
    </div>
  );
}

const convertedInto: Array<[string, string]> = [
  ['contactId', 'contact'],
  ['companyId', 'company'],
  ['dealId', 'deal'],
];

function Converted({ value }: { value: unknown }) {
  const { t } = useTranslation('card');
  const ids = (value ?? {}) as Record<string, unknown>;
  return (
    <Group gap={6} wrap="wrap">
      <Text size="sm">{t('history.converted')}</Text>
      {convertedInto
        .filter(([key]) => typeof ids[key] === 'number')
        .map(([key, typeName]) => (
          <Text span size="sm" key={key}>
            {t(`common:types.${typeName}`)} <ItemLink typeName={typeName} id={ids[key] as number} />
          </Text>
        ))}
    </Group>
  );
}
