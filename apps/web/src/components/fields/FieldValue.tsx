import { Anchor, Badge, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useTypes } from '../../api/hooks';
import { AnchorLink } from '../links';
import { useItemTitle } from '../../api/titles';
import type { FieldMeta, Locale, Money, Multivalue } from '../../api/types';
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPhone } from '../../lib/format';
import { useReferenceValues, useUserName } from './lookups';

export interface FieldValueProps {
  field: FieldMeta;
  value: unknown;
  /** The whole item: a standard amount's currency, a deal's pipeline for its stage. */
  item?: Record<string, unknown>;
  /** One line (grid cells, cards on the board): multi-values joined, links not wrapped. */
  compact?: boolean;
}

const isEmpty = (value: unknown) => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** Any field's value, read-only, as a person reads it in their language: names for codes and ids, local money and dates. */
export function FieldValue({ field, value, item, compact = false }: FieldValueProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  if (isEmpty(value)) return <Text span c="dimmed" size="sm">—</Text>;

  switch (field.type) {
    case 'money': {
      if (typeof value === 'object' && value !== null) {
        const money = value as Money;
        return <Text span size="sm">{formatMoney(money.amount, money.currency, locale)}</Text>;
      }
      const currency = typeof item?.currencyId === 'string' ? item.currencyId : null;
      return <Text span size="sm" style={{ whiteSpace: 'nowrap' }}>{formatMoney(value as string, currency, locale)}</Text>;
    }
    case 'integer':
    case 'number':
      return <Text span size="sm">{formatNumber(Number(value), locale)}</Text>;
    case 'boolean':
      return <Text span size="sm">{value ? t('state.yes') : t('state.no')}</Text>;
    case 'date':
      return <Text span size="sm">{formatDate(value as string, locale)}</Text>;
    case 'datetime':
      return <Text span size="sm">{formatDateTime(value as string, locale)}</Text>;
    case 'reference':
      return <ReferenceValueText field={field} code={value as string} pipelineId={typeof item?.categoryId === 'number' ? item.categoryId : undefined} />;
    case 'user':
      return <Many values={value} compact={compact} render={(id) => <UserName id={id as number} />} />;
    case 'item':
    case 'links':
      return <Many values={value} compact={compact} render={(id) => <ItemLink typeName={field.itemType} id={id as number} />} />;
    case 'enumeration':
      return <Many values={value} compact={compact} render={(id) => <>{field.options?.find((o) => o.id === id)?.value ?? `#${String(id)}`}</>} />;
    case 'multifield':
      return <Multivalues field={field} values={value as Multivalue[]} compact={compact} />;
    case 'file':
      return <Many values={value} compact={compact} render={(id) => <FileLink id={id as number} />} />;
    case 'url':
      return (
        <Anchor href={String(value)} target="_blank" rel="noopener noreferrer nofollow" size="sm">
          {String(value)}
        </Anchor>
      );
    default:
      return (
        <Text span size="sm" style={compact ? undefined : { whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
          {String(value)}
        </Text>
      );
  }
}

function Many({ values, compact, render }: { values: unknown; compact: boolean; render: (value: unknown) => React.ReactNode }) {
  const list = Array.isArray(values) ? values : [values];
  if (compact) {
    return (
      <Text span size="sm">
        {list.map((v, i) => (
          <span key={String(v)}>
            {i > 0 && ', '}
            {render(v)}
          </span>
        ))}
      </Text>
    );
  }
  return (
    <Group gap={6}>
      {list.map((v) => (
        <Text span size="sm" key={String(v)}>
          {render(v)}
        </Text>
      ))}
    </Group>
  );
}

export function ReferenceValueText({ field, code, pipelineId }: { field: FieldMeta; code: string; pipelineId?: number }) {
  const { values } = useReferenceValues(field, pipelineId);
  const value = values.find((v) => v.code === code);
  if (!value) return <Text span size="sm">{code}</Text>;
  if (field.list === 'DEAL_STAGE' || field.list === 'STATUS') {
    return (
      <Badge variant="light" color={value.semantic === 'S' ? 'green' : value.semantic === 'F' ? 'red' : 'brand'} radius="sm" style={{ textTransform: 'none' }}>
        {value.name}
      </Badge>
    );
  }
  return <Text span size="sm">{value.name}</Text>;
}

function UserName({ id }: { id: number }) {
  return <>{useUserName(id)}</>;
}

export function ItemLink({ typeName, id }: { typeName: string | null; id: number }) {
  const types = useTypes().data;
  const type = types?.find((t) => t.name === typeName);
  const title = useItemTitle(typeName, id).data;
  if (!type) return <>#{id}</>;
  return (
    <AnchorLink to="/$type/$id" params={{ type: type.plural, id }} size="sm" onClick={(e: React.MouseEvent) => e.stopPropagation()}>
      {title ?? `#${id}`}
    </AnchorLink>
  );
}

function FileLink({ id }: { id: number }) {
  const file = useQuery({ queryKey: ['file', id], queryFn: () => api.get<{ name: string; size: number }>(`/files/${id}`), staleTime: Infinity });
  return (
    <Anchor href={`/api/v1/files/${id}/content`} size="sm" download={file.data?.name}>
      {file.data?.name ?? `#${id}`}
    </Anchor>
  );
}

function Multivalues({ field, values, compact }: { field: FieldMeta; values: Multivalue[]; compact: boolean }) {
  const { t } = useTranslation();
  const href = (value: Multivalue) => {
    if (field.multifieldKind === 'phone') return `tel:${value.normalized ?? value.value}`;
    if (field.multifieldKind === 'email') return `mailto:${value.value}`;
    if (field.multifieldKind === 'web') return /^https?:\/\//i.test(value.value) ? value.value : `https://${value.value}`;
    return undefined;
  };
  const shown = (value: Multivalue) => (field.multifieldKind === 'phone' && value.normalized ? formatPhone(value.normalized) : value.value);
  if (compact) {
    const first = values[0];
    return (
      <Text span size="sm" style={{ whiteSpace: 'nowrap' }}>
        {shown(first)}
        {values.length > 1 && <Text span c="dimmed" size="xs">{` +${values.length - 1}`}</Text>}
      </Text>
    );
  }
  return (
    <div>
      {values.map((value, index) => {
        const link = href(value);
        return (
          <Group key={value.id ?? index} gap={6} wrap="nowrap">
            {link ? (
              <Anchor href={link} size="sm" target={field.multifieldKind === 'web' ? '_blank' : undefined} rel="noopener noreferrer nofollow">
                {shown(value)}
              </Anchor>
            ) : (
              <Text size="sm">{shown(value)}</Text>
            )}
            <Text size="xs" c="dimmed">
              {t(`multifield.${value.valueType}`, { defaultValue: value.valueType })}
            </Text>
          </Group>
        );
      })}
    </div>
  );
}
