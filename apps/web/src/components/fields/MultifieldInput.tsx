import { ActionIcon, Button, Group, Input, Select, Stack, TextInput } from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import { multifieldValueTypes, type MultifieldKind } from '@vinculo/shared';
import { useTranslation } from 'react-i18next';
import type { FieldMeta, Multivalue } from '../../api/types';

interface Props {
  field: FieldMeta;
  label?: string;
  value: Multivalue[];
  onChange: (value: Multivalue[]) => void;
  /** Errors by path inside the field: `0.value`, `1.valueType`, or '' for the field as a whole. */
  errors?: Record<string, string>;
  autoFocus?: boolean;
}

const inputType: Record<MultifieldKind, string> = { phone: 'tel', email: 'email', web: 'url', im: 'text' };

/** Phones, e-mails, websites, messengers: several values, each with its kind (work, mobile, WhatsApp…). */
export function MultifieldInput({ field, label, value, onChange, errors = {}, autoFocus }: Props) {
  const { t } = useTranslation();
  const kind = (field.multifieldKind ?? 'phone') as MultifieldKind;
  const kinds = multifieldValueTypes[kind].map((code) => ({ value: code, label: t(`multifield.${code}`, { defaultValue: code }) }));
  const rows = value.length > 0 ? value : [];
  const update = (index: number, patch: Partial<Multivalue>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const fieldLabel = label ?? field.label;

  return (
    <Input.Wrapper label={fieldLabel} error={errors['']} required={field.required}>
      <Stack gap={6} mt={4}>
        {rows.map((row, index) => (
          <Group key={row.id ?? `new-${index}`} gap={6} wrap="nowrap" align="flex-start">
            <TextInput
              aria-label={`${fieldLabel} ${index + 1}`}
              type={inputType[kind]}
              inputMode={kind === 'phone' ? 'tel' : undefined}
              value={row.value}
              onChange={(event) => update(index, { value: event.currentTarget.value })}
              error={errors[`${index}.value`] ?? errors[`${index}`]}
              style={{ flex: 1, minWidth: 0 }}
              autoFocus={autoFocus && index === 0}
            />
            <Select
              aria-label={`${t('fields.typeLabel')} ${index + 1}`}
              data={kinds}
              value={row.valueType}
              onChange={(v) => v && update(index, { valueType: v })}
              allowDeselect={false}
              w={130}
              comboboxProps={{ withinPortal: true }}
            />
            <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t('fields.removeValue', { label: row.value || fieldLabel })} onClick={() => onChange(rows.filter((_, i) => i !== index))}>
              <IconX size={16} aria-hidden />
            </ActionIcon>
          </Group>
        ))}
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconPlus size={14} aria-hidden />}
          onClick={() => onChange([...rows, { value: '', valueType: kind === 'phone' ? 'MOBILE' : kind === 'im' ? 'WHATSAPP' : 'WORK' }])}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('fields.addValue')}
        </Button>
      </Stack>
    </Input.Wrapper>
  );
}
