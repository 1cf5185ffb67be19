import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../components/links';
import type { ItemRef, ItemTypeName } from './api';

export const itemPlurals: Record<ItemTypeName, 'leads' | 'contacts' | 'companies' | 'deals'> = { lead: 'leads', contact: 'contacts', company: 'companies', deal: 'deals' };

/** A CRM item an activity or task concerns, as a link to its card: "Negócio · Renovação anual". */
export function ItemLink({ item, withType = true, size = 'sm' }: { item: ItemRef; withType?: boolean; size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  const plural = itemPlurals[item.type];
  if (!plural) return <Text size={size}>{item.title}</Text>;
  return (
    <AnchorLink to="/$type/$id" params={{ type: plural, id: item.id }} size={size} style={{ overflowWrap: 'anywhere' }}>
      {withType && (
        <Text span inherit c="dimmed">
          {t(`types.${item.type}`)} ·{' '}
        </Text>
      )}
      {item.title}
    </AnchorLink>
  );
}

/** The first of the items something concerns as a link, then "+N" for the others (their titles on hover). */
export function FirstItemAndMore({ items, more }: { items: ItemRef[]; more: (count: number) => string }) {
  const [first, ...others] = items;
  return (
    <>
      {first && <ItemLink item={first} size="xs" />}
      {others.length > 0 && (
        <Text size="xs" c="dimmed" title={others.map((item) => item.title).join(', ')}>
          {more(others.length)}
        </Text>
      )}
    </>
  );
}
