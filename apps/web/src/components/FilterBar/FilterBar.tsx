import { Button, Group } from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldMeta, FilterTerm } from '../../api/types';
import { ConditionDialog } from './ConditionDialog';
import { FilterChip } from './FilterChip';
import { withTerm, type FilterChoices } from './operators';

export interface FilterBarProps {
  /** The fields one may filter on (those with no operators are left out). */
  fields: readonly FieldMeta[];
  /** The active conditions, AND-ed. */
  value: readonly FilterTerm[];
  onChange: (terms: FilterTerm[]) => void;
  /** Named values for fields whose raw values mean little (a stage group's P/S/F, a pipeline's id). */
  choices?: FilterChoices;
  /** "Clear filter" also clears what the owner keeps beside the conditions (quick search, preset); default: no conditions. */
  onClear?: () => void;
  /** Offer "Clear filter" even without conditions (a quick search is on). */
  clearable?: boolean;
}

/**
 * A filter over any field of a type, standard or custom: chips of the active conditions in words, "Add condition"
 * (field, operator of its type, value in the field's own input) and "Clear filter". Knows fields only by their metadata.
 */
export function FilterBar({ fields, value, onChange, choices, onClear, clearable = false }: FilterBarProps) {
  const { t } = useTranslation('filterBar');
  const [editing, setEditing] = useState<{ index?: number } | null>(null);
  const filterable = useMemo(() => fields.filter((field) => field.operators.length > 0), [fields]);
  const byName = useMemo(() => new Map(fields.map((field) => [field.name, field])), [fields]);

  return (
    <Group gap={6} wrap="wrap" role="group" aria-label={t('label')} style={{ minWidth: 0 }}>
      {value.map((term, index) => (
        <FilterChip
          key={`${term.field}-${term.op}-${index}`}
          term={term}
          field={byName.get(term.field)}
          choices={choices?.[term.field]}
          onEdit={() => setEditing({ index })}
          onRemove={() => onChange(value.filter((_, other) => other !== index))}
        />
      ))}
      <Button variant="subtle" size="compact-sm" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setEditing({})} aria-haspopup="dialog">
        {t('addCondition')}
      </Button>
      {(value.length > 0 || clearable) && (
        <Button variant="subtle" color="gray" size="compact-sm" leftSection={<IconX size={14} aria-hidden />} onClick={() => (onClear ? onClear() : onChange([]))}>
          {t('clear')}
        </Button>
      )}
      {editing && (
        <ConditionDialog
          fields={filterable}
          choices={choices}
          term={editing.index === undefined ? undefined : value[editing.index]}
          onClose={() => setEditing(null)}
          onApply={(term) => {
            onChange(withTerm(value, term, editing.index));
            setEditing(null);
          }}
        />
      )}
    </Group>
  );
}
