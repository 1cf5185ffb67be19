import { useTranslation } from 'react-i18next';
import type { FieldMeta } from '../../api/types';
import type { ConditionOperator } from './operators';

const dateTypes = new Set(['date', 'datetime']);

/** An operator in words for its field: "is greater than" for a number, "after" for a date. */
export function useOperatorLabel() {
  const { t } = useTranslation('filterBar');
  return (field: Pick<FieldMeta, 'type'> | undefined, op: ConditionOperator): string =>
    field && dateTypes.has(field.type) && op !== 'empty' && op !== 'notEmpty' ? t(`dateOperators.${op}`) : t(`operators.${op}`);
}
