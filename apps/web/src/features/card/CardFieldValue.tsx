import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FieldMeta, TypeMeta } from '../../api/types';
import { FieldValue } from '../../components/fields/FieldValue';
import { PipelineName } from './PipelineField';

interface Props {
  type: TypeMeta;
  field: FieldMeta;
  value: unknown;
  item?: Record<string, unknown>;
  /** One line: several links or names joined by commas (history rows). */
  compact?: boolean;
}

/** A field's value on the card: FieldValue, with a deal's pipeline by name and a stage group in words. */
export function CardFieldValue({ type, field, value, item, compact }: Props) {
  const { t } = useTranslation('card');
  if (field.name === type.stages?.pipelineField && value !== null && value !== undefined) return <PipelineName id={value} />;
  if (field.name === type.stages?.semanticField && typeof value === 'string' && ['P', 'S', 'F'].includes(value)) {
    return (
      <Text span size="sm">
        {t(`semantic.${value}`)}
      </Text>
    );
  }
  return <FieldValue field={field} value={value} item={item} compact={compact} />;
}
