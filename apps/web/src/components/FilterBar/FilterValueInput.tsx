import { MultiSelect, SegmentedControl, Select, TagsInput, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FieldMeta } from '../../api/types';
import { FieldInput } from '../fields/FieldInput';
import { useReferenceValues } from '../fields/lookups';
import { endOfDay, localDay, startOfDay } from './dates';
import { takesValue, type ConditionOperator, type FilterChoice } from './operators';

interface Props {
  field: FieldMeta;
  op: ConditionOperator;
  value: unknown;
  onChange: (value: unknown) => void;
  choices?: readonly FilterChoice[];
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === null || value === undefined || value === '' ? [] : [value]);
const asScalar = (value: unknown): unknown => (Array.isArray(value) ? (value[0] ?? null) : value);

/**
 * The value of a condition, in the field's own input (the shared FieldInput) where it fits a filter: people by name
 * with "Me", stages and lists by name, a date picker, several values for "is one of". Free text where the field's
 * input edits something richer than a filter compares (phones, long text, custom money's currency).
 */
export function FilterValueInput({ field, op, value, onChange, choices }: Props) {
  const { t } = useTranslation('filterBar');
  if (!takesValue(op)) return null;
  const many = op === 'in';
  const common = { 'aria-label': t('valueOf', { field: field.label }), comboboxProps: { withinPortal: true } } as const;

  if (choices) {
    const data = choices.map((c) => ({ value: c.value, label: c.label }));
    if (many) return <MultiSelect {...common} data={data} value={asList(value).map(String)} onChange={onChange} searchable clearable />;
    return <Select {...common} data={data} value={value === null || value === undefined ? null : String(asScalar(value))} onChange={onChange} searchable={data.length > 8} />;
  }

  switch (field.type) {
    case 'boolean':
      return (
        <SegmentedControl
          aria-label={common['aria-label']}
          data={[
            { value: 'true', label: t('common:state.yes') },
            { value: 'false', label: t('common:state.no') },
          ]}
          value={value === false || value === 'false' ? 'false' : 'true'}
          onChange={(v) => onChange(v === 'true')}
        />
      );
    case 'reference':
      if (many) return <ReferenceMultiSelect field={field} value={asList(value).map(String)} onChange={onChange} label={common['aria-label']} />;
      return <FieldInput field={{ ...field, required: false }} hideLabel value={asScalar(value)} onChange={onChange} />;
    case 'user':
    case 'enumeration':
    case 'item':
    case 'links':
      return <FieldInput field={{ ...field, multiple: many, required: false }} hideLabel withMe={field.type === 'user'} value={many ? asList(value) : asScalar(value)} onChange={onChange} />;
    case 'date':
      return <FieldInput field={{ ...field, required: false }} hideLabel value={asScalar(value)} onChange={onChange} />;
    case 'datetime':
      return (
        <FieldInput
          field={{ ...field, type: 'date', required: false }}
          hideLabel
          value={localDay(asScalar(value))}
          onChange={(day) => onChange(typeof day === 'string' && day ? (op === 'lte' || op === 'lt' ? endOfDay(day) : startOfDay(day)) : null)}
        />
      );
    case 'money':
      // Custom money is {amount, currency} on an item; a filter compares the amount.
      return <FieldInput field={{ ...field, custom: false, required: false }} hideLabel value={asScalar(value)} onChange={onChange} />;
    case 'integer':
    case 'number':
      if (many) return <TagsInput {...common} value={asList(value).map(String)} onChange={(v) => onChange(v.filter((x) => x.trim() !== '' && Number.isFinite(Number(x))))} placeholder={t('typeAndEnter')} />;
      return <FieldInput field={{ ...field, required: false }} hideLabel value={asScalar(value)} onChange={onChange} />;
    case 'multifield':
    case 'text':
    case 'address':
    case 'url':
    case 'string':
    default:
      if (many) return <TagsInput {...common} value={asList(value).map(String)} onChange={onChange} placeholder={t('typeAndEnter')} />;
      return <TextInput aria-label={common['aria-label']} value={(asScalar(value) as string | null) ?? ''} onChange={(e) => onChange(e.currentTarget.value)} maxLength={1000} />;
  }
}

function ReferenceMultiSelect({ field, value, onChange, label }: { field: FieldMeta; value: string[]; onChange: (v: string[]) => void; label: string }) {
  const { values } = useReferenceValues(field);
  const seen = new Set<string>();
  const data = values.filter((v) => (seen.has(v.code) ? false : (seen.add(v.code), true))).map((v) => ({ value: v.code, label: v.name }));
  return <MultiSelect aria-label={label} data={data} value={value} onChange={onChange} searchable clearable comboboxProps={{ withinPortal: true }} />;
}
