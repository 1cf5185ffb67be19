import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { useItemTitle } from '../../api/titles';
import type { FieldMeta, Locale } from '../../api/types';
import { useReferenceValues, useUserName } from '../fields/lookups';
import { formatDate, formatNumber } from '../../lib/format';
import { localDay } from './dates';
import type { FilterChoice } from './operators';

interface Props {
  field: FieldMeta;
  value: unknown;
  choices?: readonly FilterChoice[];
}

/** A condition's value in words, as plain text (a chip is a button: no links inside): names for ids and codes. */
export function FilterValueText({ field, value, choices }: Props) {
  const list = Array.isArray(value) ? value : [value];
  return (
    <>
      {list.map((one, index) => (
        <Fragment key={`${String(one)}-${index}`}>
          {index > 0 && ', '}
          <OneValue field={field} value={one} choices={choices} />
        </Fragment>
      ))}
    </>
  );
}

function OneValue({ field, value, choices }: Props) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  if (value === '@me') return <>{t('fields.me')}</>;
  const choice = choices?.find((c) => c.value === String(value));
  if (choice) return <>{choice.label}</>;
  switch (field.type) {
    case 'boolean':
      return <>{value === true || value === 'true' ? t('state.yes') : t('state.no')}</>;
    case 'reference':
      return <ReferenceName field={field} code={String(value)} />;
    case 'user':
      return <UserName id={Number(value)} />;
    case 'item':
    case 'links':
      return <ItemTitle typeName={field.itemType} id={Number(value)} />;
    case 'enumeration':
      return <>{field.options?.find((o) => o.id === Number(value))?.value ?? String(value)}</>;
    case 'date':
      return <>{formatDate(String(value), locale)}</>;
    case 'datetime':
      return <>{formatDate(localDay(value), locale)}</>;
    case 'money':
      return <>{formatNumber(Number(value), locale, 2)}</>;
    case 'integer':
    case 'number':
      return <>{Number.isFinite(Number(value)) ? formatNumber(Number(value), locale) : String(value)}</>;
    default:
      return <>{`“${String(value)}”`}</>;
  }
}

function ReferenceName({ field, code }: { field: FieldMeta; code: string }) {
  const { values } = useReferenceValues(field);
  return <>{values.find((v) => v.code === code)?.name ?? code}</>;
}

function UserName({ id }: { id: number }) {
  return <>{useUserName(id)}</>;
}

function ItemTitle({ typeName, id }: { typeName: string | null; id: number }) {
  const title = useItemTitle(typeName, id).data;
  return <>{title ?? `#${id}`}</>;
}
