import { Button, Group, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useTypes } from '../../api/hooks';
import { itemTitle } from '../../api/titles';
import type { Item } from '../../api/types';
import { AnchorLink } from '../../components/links';

export interface Conversion {
  lead: Item;
  contact: Item | null;
  company: Item | null;
  deal: Item | null;
}

/** What a conversion made or linked, each a link to its card. */
export function ConversionResult({ conversion, onClose }: { conversion: Conversion; onClose: () => void }) {
  const { t } = useTranslation('card');
  const types = useTypes().data ?? [];
  const made = (['contact', 'company', 'deal'] as const).flatMap((name) => {
    const item = conversion[name];
    const type = types.find((candidate) => candidate.name === name);
    return item && type ? [{ name, item, type }] : [];
  });
  return (
    <Stack gap="md">
      <Text size="sm">{t('convert.doneBody')}</Text>
      <List spacing="xs">
        {made.map(({ name, item, type }) => (
          <List.Item key={name}>
            <Text span size="sm" c="dimmed">
              {type.label}:{' '}
            </Text>
            <AnchorLink to="/$type/$id" params={{ type: type.plural, id: item.id }} onClick={onClose}>
              {itemTitle(type, item)}
            </AnchorLink>
          </List.Item>
        ))}
      </List>
      <Group justify="flex-end">
        <Button onClick={onClose}>{t('common:actions.close')}</Button>
      </Group>
    </Stack>
  );
}
