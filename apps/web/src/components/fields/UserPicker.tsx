import { MultiSelect, Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useUsers } from '../../api/hooks';

interface Props {
  label?: string;
  value: number | number[] | null;
  onChange: (value: number | number[] | null) => void;
  multiple?: boolean;
  error?: string;
  required?: boolean;
  disabled?: boolean;
  /** Offer "me" (@me) first: filters that follow whoever uses them. */
  withMe?: boolean;
  autoFocus?: boolean;
  'aria-label'?: string;
}

/** Picks active users by name or e-mail (the inactive ones stay shown when already chosen). */
export function UserPicker({ label, value, onChange, multiple, error, required, disabled, withMe, autoFocus, ...rest }: Props) {
  const { t } = useTranslation();
  const users = useUsers().data ?? [];
  const chosen = new Set(Array.isArray(value) ? value : value === null ? [] : [value]);
  const data = [
    ...(withMe ? [{ value: '@me', label: t('fields.me') }] : []),
    ...users.filter((u) => u.isActive !== false || chosen.has(u.id)).map((u) => ({ value: String(u.id), label: u.name || u.email })),
  ];
  const parse = (v: string) => (v === '@me' ? (v as unknown as number) : Number(v));
  if (multiple) {
    return (
      <MultiSelect
        label={label}
        aria-label={rest['aria-label']}
        data={data}
        value={[...chosen].map(String)}
        onChange={(values) => onChange(values.map(parse))}
        searchable
        clearable
        placeholder={t('fields.pickUser')}
        error={error}
        required={required}
        disabled={disabled}
        autoFocus={autoFocus}
        comboboxProps={{ withinPortal: true }}
      />
    );
  }
  return (
    <Select
      label={label}
      aria-label={rest['aria-label']}
      data={data}
      value={value === null || Array.isArray(value) ? null : String(value)}
      onChange={(v) => onChange(v === null ? null : parse(v))}
      searchable
      clearable={!required}
      placeholder={t('fields.pickUser')}
      error={error}
      required={required}
      disabled={disabled}
      autoFocus={autoFocus}
      nothingFoundMessage={t('state.none')}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
