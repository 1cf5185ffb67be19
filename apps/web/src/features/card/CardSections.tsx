import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CardLayout, Item, Locale, TypeMeta } from '../../api/types';
import { CardSection } from './CardSection';

interface Props {
  type: TypeMeta;
  layout: CardLayout;
  item: Item;
}

/**
 * The fields of the card in the sections of the type's card layout, as the user's roles let them see them. The stage
 * or status is left to the stage bar above, and the title to the header.
 */
export function CardSections({ type, layout, item }: Props) {
  const { i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const meta = new Map(layout.fields.map((field) => [field.name, field]));
  const hidden = new Set(layout.hidden);
  const elsewhere = new Set([type.stages?.field, ...(type.titleFields.length === 1 ? type.titleFields : [])]);
  const mayUpdate = type.rights.update !== 'none';

  const sections = layout.sections
    .map((section) => ({ ...section, metas: section.fields.filter((name) => !hidden.has(name) && !elsewhere.has(name)).flatMap((name) => meta.get(name) ?? []) }))
    .filter((section) => section.metas.length > 0);

  return (
    <Stack gap="md">
      {sections.map((section, index) => (
        <CardSection key={section.id} type={type} title={section.title[locale] ?? section.title.en} fields={section.metas} item={item} mayUpdate={mayUpdate} collapseEmpty={index > 0} />
      ))}
    </Stack>
  );
}
