import { Button, Group, Input, Modal, Select, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldMeta, FilterTerm } from '../../api/types';
import { endOfDay, localDay, startOfDay } from './dates';
import { FilterValueInput } from './FilterValueInput';
import { adaptValue, conditionOperator, initialValue, operatorsFor, takesValue, toTerm, type ConditionOperator, type FilterChoices } from './operators';
import { useOperatorLabel } from './useOperatorLabel';

interface Props {
  fields: readonly FieldMeta[];
  choices?: FilterChoices;
  /** The condition being edited; a new one when absent. */
  term?: FilterTerm;
  onApply: (term: FilterTerm) => void;
  onClose: () => void;
}

interface Draft {
  field: string | null;
  op: ConditionOperator | null;
  value: unknown;
}

/** One condition: a field, what to compare (in words, for the field's type) and the value, in the field's own input. */
export function ConditionDialog({ fields, choices, term, onApply, onClose }: Props) {
  const { t } = useTranslation('filterBar');
  const operatorLabel = useOperatorLabel();
  const [draft, setDraft] = useState<Draft>(() => (term ? { field: term.field, op: conditionOperator(term), value: term.value } : { field: null, op: null, value: null }));
  const field = fields.find((f) => f.name === draft.field);
  const fieldChoices = field ? choices?.[field.name] : undefined;
  const operators = field ? operatorsFor(field, Boolean(fieldChoices)) : [];
  const result = field && draft.op ? toTerm(field.name, draft.op, draft.value) : undefined;

  const pickField = (name: string | null) => {
    const next = fields.find((f) => f.name === name);
    if (!next) return setDraft({ field: null, op: null, value: null });
    const op = operatorsFor(next, Boolean(choices?.[next.name]))[0] ?? null;
    setDraft({ field: next.name, op, value: op ? initialValue(next, op) : null });
  };

  const pickOperator = (op: ConditionOperator) => {
    let value = adaptValue(draft.value, op);
    // A day is kept as its first moment for "from" and its last for "until".
    if (field?.type === 'datetime' && typeof value === 'string') {
      const day = localDay(value);
      value = day ? (op === 'lte' || op === 'lt' ? endOfDay(day) : startOfDay(day)) : null;
    }
    setDraft({ ...draft, op, value });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (result) onApply(result);
  };

  const standard = fields.filter((f) => !f.custom);
  const custom = fields.filter((f) => f.custom);
  const byLabel = (a: FieldMeta, b: FieldMeta) => a.label.localeCompare(b.label);
  const fieldData = [
    { group: t('standardFields'), items: [...standard].sort(byLabel).map((f) => ({ value: f.name, label: f.label })) },
    ...(custom.length > 0 ? [{ group: t('customFields'), items: [...custom].sort(byLabel).map((f) => ({ value: f.name, label: f.label })) }] : []),
  ];

  return (
    <Modal closeButtonProps={{ 'aria-label': t('common:actions.close') }} opened onClose={onClose} title={term ? t('editCondition') : t('newCondition')} size="md">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Select
            label={t('field')}
            placeholder={t('pickField')}
            data={fieldData}
            value={draft.field}
            onChange={pickField}
            searchable
            nothingFoundMessage={t('noField')}
            data-autofocus={term ? undefined : true}
            comboboxProps={{ withinPortal: true }}
            maxDropdownHeight={320}
          />
          {field && (
            <Select
              label={t('operator')}
              data={operators.map((op) => ({ value: op, label: operatorLabel(field, op) }))}
              value={draft.op}
              onChange={(op) => op && pickOperator(op as ConditionOperator)}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
          )}
          {field && draft.op && takesValue(draft.op) && (
            <Input.Wrapper label={t('value')}>
              <FilterValueInput field={field} op={draft.op} value={draft.value} onChange={(value) => setDraft({ ...draft, value })} choices={fieldChoices} />
            </Input.Wrapper>
          )}
          <Group justify="flex-end" gap="xs" mt="xs">
            <Button variant="default" onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" disabled={!result}>
              {t('apply')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
