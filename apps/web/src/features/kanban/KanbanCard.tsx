import { Avatar, Group, Stack, Text } from '@mantine/core';
import { IconGripVertical } from '@tabler/icons-react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { itemTitle } from '../../api/titles';
import type { Item, Locale, TypeMeta } from '../../api/types';
import { DragHandle, type DragHandleProps } from '../../components/Board/SortableCard';
import { FieldValue } from '../../components/fields/FieldValue';
import { useUserName } from '../../components/fields/lookups';
import { AnchorLink } from '../../components/links';
import { formatMoney } from '../../lib/format';
import type { CardFields } from './cardFields';

export interface KanbanCardProps {
  card: Item;
  type: TypeMeta;
  fields: CardFields;
  /** The keyboard handle; absent on the copy that follows the pointer. */
  handle?: DragHandleProps;
}

const hasValue = (value: unknown) => value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);

/** A card's title as people read it: the title fields, else (a lead without a title) the person's name. */
export function cardTitle(type: TypeMeta, fields: CardFields, card: Item): string {
  const title = itemTitle(type, card);
  if (!title.startsWith('#')) return title;
  const person = fields.personNames.map((f) => card[f.name]).filter((v) => typeof v === 'string' && v.trim() !== '').join(' ');
  return person || title;
}

/** One deal or lead on the board: its title (a link to its card), amount, client and responsible. */
export const KanbanCard = memo(function KanbanCard({ card, type, fields, handle }: KanbanCardProps) {
  const { t, i18n } = useTranslation('kanban');
  const locale = i18n.language as Locale;
  const title = cardTitle(type, fields, card);
  const amount = fields.amount ? card[fields.amount.name] : undefined;
  const currency = fields.currencyField ? (card[fields.currencyField] as string | null | undefined) : null;
  const client = fields.clients.find((field) => hasValue(card[field.name]));
  const companyName = fields.companyName && hasValue(card[fields.companyName.name]) ? String(card[fields.companyName.name]) : null;
  const person = fields.personNames.map((f) => card[f.name]).filter(hasValue).join(' ');
  const responsibleId = fields.responsible ? (card[fields.responsible.name] as number | null | undefined) : null;

  return (
    <Stack gap={4} p="xs" pr={4}>
      <Group gap={4} wrap="nowrap" align="flex-start" justify="space-between">
        <AnchorLink to="/$type/$id" params={{ type: type.plural, id: card.id }} size="sm" fw={600} lineClamp={2} style={{ wordBreak: 'break-word' }} draggable={false}>
          {title}
        </AnchorLink>
        {handle ? (
          <DragHandle label={t('card.moveHandle', { title })} handle={handle} icon={<IconGripVertical size={16} aria-hidden />} />
        ) : (
          <IconGripVertical size={16} aria-hidden style={{ flex: 'none', margin: 4, color: 'var(--mantine-color-gray-7)' }} />
        )}
      </Group>
      {hasValue(amount) && (
        <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
          {formatMoney(amount as string, currency, locale)}
        </Text>
      )}
      {client ? (
        <Text size="sm" lineClamp={1} component="div">
          <FieldValue field={client} value={card[client.name]} item={card} compact />
        </Text>
      ) : (
        (companyName || person) && (
          <Text size="sm" c="dimmed" lineClamp={1}>
            {companyName ?? person}
          </Text>
        )
      )}
      {typeof responsibleId === 'number' && <Responsible id={responsibleId} />}
    </Stack>
  );
});

function Responsible({ id }: { id: number }) {
  const { t } = useTranslation('kanban');
  const name = useUserName(id) ?? '';
  return (
    <Group gap={6} wrap="nowrap" title={t('card.responsible', { name })}>
      <Avatar name={name} color="initials" size={20} radius="xl" aria-hidden />
      <Text size="xs" c="dimmed" truncate>
        {name}
      </Text>
    </Group>
  );
}
