import { Paper, SimpleGrid, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FieldMeta, Item, TypeMeta } from '../../api/types';
import { CardFieldValue } from './CardFieldValue';

const facts = ['id', 'createdById', 'createdAt', 'updatedById', 'updatedAt', 'leadId'];

/** The side column: what the server keeps about the item (its number, who made and changed it, when, the lead it came from). */
export function SideInfo({ type, item, fields }: { type: TypeMeta; item: Item; fields: FieldMeta[] }) {
  const { t } = useTranslation('card');
  const shown = facts.flatMap((name) => fields.find((field) => field.name === name) ?? []).filter((field) => field.name !== 'leadId' || typeof item.leadId === 'number');
  return (
    <Paper withBorder radius="md" p="md" component="aside" aria-labelledby="card-side-title">
      <Title order={2} size="h5" mb="sm" id="card-side-title">
        {t('side.title')}
      </Title>
      <SimpleGrid cols={{ base: 2, md: 1 }} spacing="sm" verticalSpacing="sm">
        {shown.map((field) => (
          <div key={field.name}>
            <Text size="xs" c="dimmed">
              {field.name === 'id' ? t('side.id') : field.label}
            </Text>
            <CardFieldValue type={type} field={field} value={item[field.name]} item={item} />
          </div>
        ))}
      </SimpleGrid>
    </Paper>
  );
}
