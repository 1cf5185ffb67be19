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
import { ActivityFlag } from '../timeline/ActivityFlag';
import type { CardFields } from './cardFields';
import classes from './KanbanCard.module.css';

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
  if (type.titleFields.some((name) => hasValue(card[name]))) return itemTitle(type, card);
  const person = fields.personNames.map((f) => card[f.name]).filter(hasValue).join(' ');
  return person || itemTitle(type, card);
}

/** One deal or lead on the board: its title (a link to its card), amount, client, responsible and next activity's flag. */
export const KanbanCard = memo(function KanbanCard({ card, type, fields, handle }: KanbanCardProps) {
  const { t, i18n } = useTranslation('kanban');
  const locale = i18n.language as Locale;
  const title = cardTitle(type, fields, card);
  const amount = fields.amount ? card[fields.amount.name] : undefined;
  const currency = fields.currencyField ? (card[fields.currencyField] as string | null | undefined) : null;
  const client = fields.clients.find((field) => hasValue(card[field.name]));
  const companyName = fields.companyName && hasValue(card[fields.companyName.name]) ? String(card[fields.companyName.name]) : null;
  const person = fields.personNames.map((f) => card[f.name]).filter(hasValue).join(' ');
  const responsibleId = fields.responsible ? card[fields.responsible.name] : null;
  // A won or lost item needs nothing planned: its flag says so only when something still is.
  const semantic = type.stages ? card[type.stages.semanticField] : undefined;
  const finished = typeof semantic === 'string' && semantic !== 'P';

  return (
    <div className={classes.card}>
      <div className={classes.top}>
        <AnchorLink to="/$type/$id" params={{ type: type.plural, id: card.id }} size="sm" className={classes.title} draggable={false}>
          {title}
        </AnchorLink>
        {handle ? (
          <DragHandle label={t('card.moveHandle', { title })} handle={handle} icon={<IconGripVertical size={16} aria-hidden />} />
        ) : (
          <IconGripVertical size={16} aria-hidden className={classes.grip} />
        )}
      </div>
      {hasValue(amount) && <div className={classes.amount}>{formatMoney(amount as string, currency, locale)}</div>}
      {client ? (
        <div className={classes.line}>
          <FieldValue field={client} value={card[client.name]} item={card} compact />
        </div>
      ) : (
        (companyName || person) && <div className={`${classes.line} ${classes.dimmed}`}>{companyName ?? person}</div>
      )}
      {(typeof responsibleId === 'number' || fields.nextActivity) && (
        <div className={classes.footer}>
          {typeof responsibleId === 'number' && <Responsible id={responsibleId} />}
          {fields.nextActivity && (
            <span className={classes.activity}>
              <ActivityFlag value={card[fields.nextActivity.name]} variant="card" quietWhenNone={finished} />
            </span>
          )}
        </div>
      )}
    </div>
  );
});

const initialsOf = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('');

function Responsible({ id }: { id: number }) {
  const { t } = useTranslation('kanban');
  const name = useUserName(id) ?? '';
  return (
    <div className={classes.person} title={t('card.responsible', { name })}>
      <span className={classes.initials} aria-hidden>
        {initialsOf(name)}
      </span>
      <span>{name}</span>
    </div>
  );
}
