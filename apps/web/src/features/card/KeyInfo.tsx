import { Group, Text } from '@mantine/core';
import type { FieldMeta, Item, TypeMeta } from '../../api/types';
import { isEmptyValue } from './field-values';
import { CardFieldValue } from './CardFieldValue';

/** The few facts a salesperson looks for first, per type, under the title. */
const keyFields: Record<TypeMeta['name'], string[]> = {
  deal: ['opportunity', 'companyId', 'closeDate', 'assignedById'],
  lead: ['opportunity', 'companyTitle', 'phones', 'assignedById'],
  contact: ['companyIds', 'phones', 'emails', 'assignedById'],
  company: ['companyType', 'phones', 'emails', 'assignedById'],
};

export function KeyInfo({ type, item, fields }: { type: TypeMeta; item: Item; fields: FieldMeta[] }) {
  const shown = keyFields[type.name].flatMap((name) => fields.find((field) => field.name === name) ?? []).filter((field) => !isEmptyValue(item[field.name]));
  if (shown.length === 0) return null;
  return (
    <Group gap="lg" wrap="wrap" component="dl" m={0}>
      {shown.map((field) => (
        <div key={field.name}>
          <Text size="xs" c="dimmed" component="dt">
            {field.label}
          </Text>
          <Text size="sm" component="dd" m={0}>
            <CardFieldValue type={type} field={field} value={field.type === 'multifield' ? (item[field.name] as unknown[]).slice(0, 1) : item[field.name]} item={item} />
          </Text>
        </div>
      ))}
    </Group>
  );
}
