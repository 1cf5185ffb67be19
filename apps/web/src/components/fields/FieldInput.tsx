import { Checkbox, Group, NumberInput, Select, MultiSelect, Textarea, TextInput } from '@mantine/core';
import { DateInput, DateTimePicker } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { useCurrencies } from '../../api/hooks';
import type { FieldMeta, Locale, Money, Multivalue } from '../../api/types';
import { FileInputField } from './FileInputField';
import { ItemPicker } from './ItemPicker';
import { useReferenceValues } from './lookups';
import { MultifieldInput } from './MultifieldInput';
import { UserPicker } from './UserPicker';

export interface FieldInputProps {
  field: FieldMeta;
  value: unknown;
  onChange: (value: unknown) => void;
  /** The message at the field (from the API's validation), and messages inside it by path (`phones.0.value` → `0.value`). */
  error?: string;
  errors?: Record<string, string>;
  /** The whole item being edited: a deal's pipeline picks its stages. */
  item?: Record<string, unknown>;
  /** Hide the label (a grid cell, a filter with its own label); the input keeps it as its accessible name. */
  hideLabel?: boolean;
  autoFocus?: boolean;
  disabled?: boolean;
  /** User fields offer "Me" (`@me`) first: filters that follow whoever uses them. */
  withMe?: boolean;
}

/** The input that fits a field's type, standard or custom; values in the API's form in and out. */
export function FieldInput({ field, value, onChange, error, errors, item, hideLabel, autoFocus, disabled, withMe }: FieldInputProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const label = hideLabel ? undefined : field.label;
  const common = { label, 'aria-label': hideLabel ? field.label : undefined, error, required: field.required, autoFocus, disabled } as const;
  const decimal = locale === 'pt-BR' ? ',' : '.';
  const thousands = locale === 'pt-BR' ? '.' : ',';

  switch (field.type) {
    case 'text':
    case 'address':
      return <Textarea {...common} autosize minRows={2} maxRows={8} maxLength={field.maxLength ?? undefined} value={(value as string) ?? ''} onChange={(e) => onChange(e.currentTarget.value)} />;
    case 'integer':
    case 'number':
      return (
        <NumberInput
          {...common}
          value={typeof value === 'number' ? value : ''}
          onChange={(v) => onChange(v === '' ? null : Number(v))}
          allowDecimal={field.type === 'number'}
          decimalSeparator={decimal}
          thousandSeparator={field.type === 'number' ? thousands : undefined}
        />
      );
    case 'money': {
      if (field.custom) return <CustomMoneyInput {...common} field={field} value={value as Money | null} onChange={onChange} />;
      return (
        <NumberInput
          {...common}
          value={value === null || value === undefined ? '' : Number(value)}
          onChange={(v) => onChange(v === '' ? null : typeof v === 'number' ? v.toFixed(2) : v)}
          decimalScale={2}
          fixedDecimalScale
          decimalSeparator={decimal}
          thousandSeparator={thousands}
          min={0}
        />
      );
    }
    case 'boolean':
      return <Checkbox label={hideLabel ? undefined : field.label} aria-label={hideLabel ? field.label : undefined} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} error={error} disabled={disabled} mt={hideLabel ? 0 : 'xs'} />;
    case 'date':
      return <DateInput {...common} value={(value as string) || null} onChange={(v) => onChange(v || null)} valueFormat={locale === 'pt-BR' ? 'DD/MM/YYYY' : 'MM/DD/YYYY'} dateParser={(text) => parseTypedDate(text, locale)} clearable clearButtonProps={{ 'aria-label': t('actions.clear') }} placeholder={t('fields.pickDate')} popoverProps={{ withinPortal: true }} />;
    case 'datetime':
      return (
        <DateTimePicker
          {...common}
          value={typeof value === 'string' && value ? new Date(value) : null}
          onChange={(v) => onChange(v ? new Date(v.replace(' ', 'T')).toISOString() : null)}
          valueFormat={locale === 'pt-BR' ? 'DD/MM/YYYY HH:mm' : 'MM/DD/YYYY hh:mm A'}
          clearable
          clearButtonProps={{ 'aria-label': t('actions.clear') }}
          popoverProps={{ withinPortal: true }}
        />
      );
    case 'reference':
      return <ReferenceSelect {...common} field={field} value={(value as string) ?? null} onChange={onChange} pipelineId={typeof item?.categoryId === 'number' ? item.categoryId : undefined} />;
    case 'currency':
      return <CurrencySelect {...common} value={(value as string) ?? null} onChange={onChange} />;
    case 'user':
      return <UserPicker {...common} value={(value as number | number[] | null) ?? (field.multiple ? [] : null)} onChange={onChange} multiple={field.multiple} withMe={withMe} />;
    case 'item':
    case 'links':
      return <ItemPicker {...common} typeName={field.itemType ?? ''} value={(value as number | number[] | null) ?? (field.multiple ? [] : null)} onChange={onChange} multiple={field.multiple} />;
    case 'enumeration': {
      const options = (field.options ?? []).map((o) => ({ value: String(o.id), label: o.value }));
      if (field.multiple) return <MultiSelect {...common} data={options} value={((value as number[]) ?? []).map(String)} onChange={(v) => onChange(v.map(Number))} clearable searchable comboboxProps={{ withinPortal: true }} />;
      return <Select {...common} data={options} value={value === null || value === undefined ? null : String(value)} onChange={(v) => onChange(v === null ? null : Number(v))} clearable searchable comboboxProps={{ withinPortal: true }} />;
    }
    case 'multifield':
      return <MultifieldInput field={field} label={label} value={(value as Multivalue[]) ?? []} onChange={onChange} errors={{ '': error ?? '', ...errors }} autoFocus={autoFocus} />;
    case 'file':
      return <FileInputField label={field.label} value={(value as number | number[] | null) ?? null} onChange={onChange} multiple={field.multiple} error={error} required={field.required} />;
    case 'url':
      return <TextInput {...common} type="url" value={(value as string) ?? ''} onChange={(e) => onChange(e.currentTarget.value)} />;
    default:
      return <TextInput {...common} maxLength={field.maxLength ?? undefined} value={(value as string) ?? ''} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
}

interface SelectProps {
  label?: string;
  'aria-label'?: string;
  error?: string;
  required?: boolean;
  autoFocus?: boolean;
  disabled?: boolean;
}

export function ReferenceSelect({ field, value, onChange, pipelineId, ...props }: SelectProps & { field: FieldMeta; value: string | null; onChange: (v: string | null) => void; pipelineId?: number }) {
  const { values } = useReferenceValues(field, pipelineId);
  const data = values.map((v) => ({ value: v.code, label: v.name }));
  // Stages of several pipelines can share a name: a filter over every pipeline groups them by pipeline.
  return <Select {...props} data={dedupe(data)} value={value} onChange={onChange} clearable={!props.required} searchable={data.length > 8} comboboxProps={{ withinPortal: true }} />;
}

function dedupe(data: Array<{ value: string; label: string }>) {
  const seen = new Set<string>();
  return data.filter((d) => (seen.has(d.value) ? false : (seen.add(d.value), true)));
}

export function CurrencySelect({ value, onChange, ...props }: SelectProps & { value: string | null; onChange: (v: string | null) => void }) {
  const currencies = useCurrencies().data ?? [];
  return <Select {...props} data={currencies.map((c) => ({ value: c.code, label: `${c.code} · ${c.name}` }))} value={value} onChange={onChange} searchable comboboxProps={{ withinPortal: true }} />;
}

function CustomMoneyInput({ field, value, onChange, ...props }: SelectProps & { field: FieldMeta; value: Money | null; onChange: (v: unknown) => void }) {
  const { t, i18n } = useTranslation();
  const currencies = useCurrencies().data ?? [];
  const base = currencies.find((c) => c.isBase)?.code ?? 'BRL';
  const pt = i18n.language === 'pt-BR';
  return (
    <Group gap={6} align="flex-end" wrap="nowrap">
      <NumberInput
        {...props}
        style={{ flex: 1 }}
        value={value?.amount === undefined ? '' : Number(value.amount)}
        onChange={(v) => onChange(v === '' ? null : { amount: Number(v).toFixed(2), currency: value?.currency ?? base })}
        decimalScale={2}
        decimalSeparator={pt ? ',' : '.'}
        thousandSeparator={pt ? '.' : ','}
      />
      <CurrencySelect aria-label={`${field.label}: ${t('fields.currency')}`} value={value?.currency ?? base} onChange={(c) => value && c && onChange({ ...value, currency: c })} disabled={props.disabled} />
    </Group>
  );
}

/** A date typed the way it is shown (`20/04/2026` in pt-BR, `04/20/2026` in English) or as `2026-04-20`; null when it is no date. */
export function parseTypedDate(text: string, locale: Locale): string | null {
  const iso = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(text);
  const local = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  const parts = iso ? [iso[1], iso[2], iso[3]] : local ? (locale === 'pt-BR' ? [local[3], local[2], local[1]] : [local[3], local[1], local[2]]) : null;
  if (!parts) return null;
  const [year, month, day] = parts;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return null;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}
