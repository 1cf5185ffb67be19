import { CloseButton, Group, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FieldMeta, FilterTerm } from '../../api/types';
import { FilterValueText } from './FilterValueText';
import { conditionOperator, takesValue, type FilterChoice } from './operators';
import { useOperatorLabel } from './useOperatorLabel';

interface Props {
  term: FilterTerm;
  /** Undefined when the field is not (or no longer) among the caller's fields. */
  field: FieldMeta | undefined;
  choices?: readonly FilterChoice[];
  onEdit: () => void;
  onRemove: () => void;
}

/** An active condition, in words ("Stage is Won"): click to change it, × to drop it. */
export function FilterChip({ term, field, choices, onEdit, onRemove }: Props) {
  const { t } = useTranslation('filterBar');
  const operatorLabel = useOperatorLabel();
  const op = conditionOperator(term);
  const label = field?.label ?? term.field;
  return (
    <Group
      gap={0}
      wrap="nowrap"
      style={{ border: '1px solid var(--mantine-color-brand-2)', background: 'var(--mantine-color-brand-0)', borderRadius: 14, maxWidth: '100%' }}
      data-testid="filter-chip"
    >
      <UnstyledButton onClick={onEdit} disabled={!field} aria-haspopup="dialog" pl={10} pr={4} py={3} style={{ minWidth: 0, borderRadius: 14 }}>
        <Text size="xs" truncate="end" c="brand.9">
          <Text span fw={600} inherit>
            {label}
          </Text>{' '}
          {operatorLabel(field, op)}
          {takesValue(op) && field && (
            <>
              {' '}
              <Text span fw={600} inherit>
                <FilterValueText field={field} value={term.value} choices={choices} />
              </Text>
            </>
          )}
          {takesValue(op) && !field && ` ${String(term.value)}`}
        </Text>
      </UnstyledButton>
      <CloseButton size="xs" radius="xl" mr={4} aria-label={t('removeCondition', { field: label })} onClick={onRemove} />
    </Group>
  );
}
