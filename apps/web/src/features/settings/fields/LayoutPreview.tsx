import { Paper, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardLayout, Item, Locale, TypeMeta } from '../../../api/types';
import { CardSection } from '../../card/CardSection';
import type { LayoutDraft } from './layout-draft';

const emptyItem: Item = { id: 0, version: 0 };

/**
 * The card as the arranged layout draws it, with the card's own sections and an empty item: nothing can be edited
 * here. Like the card, the stage (the stage bar) and a one-field title (the header) are not repeated in sections.
 */
export function LayoutPreview({ type, layout, draft }: { type: TypeMeta; layout: CardLayout; draft: LayoutDraft }) {
  const { t, i18n } = useTranslation('settingsFields');
  const locale = i18n.language as Locale;
  const viewer = useMemo<TypeMeta>(() => ({ ...type, rights: { ...type.rights, update: 'none' } }), [type]);
  const meta = new Map(layout.fields.map((field) => [field.name, field]));
  const elsewhere = new Set([type.stages?.field, ...(type.titleFields.length === 1 ? type.titleFields : [])]);
  const sections = draft.sections
    .map((section) => ({ ...section, metas: section.fields.filter((name) => !elsewhere.has(name)).flatMap((name) => meta.get(name) ?? []) }))
    .filter((section) => section.metas.length > 0);

  if (sections.length === 0) {
    return (
      <Paper withBorder radius="md" p="md">
        <Text size="sm" c="dimmed">
          {t('layout.previewEmpty')}
        </Text>
      </Paper>
    );
  }
  return (
    <Stack gap="md">
      {sections.map((section) => (
        <CardSection key={section.id} type={viewer} title={section.title[locale] || section.title.en} fields={section.metas} item={emptyItem} mayUpdate={false} collapseEmpty={false} />
      ))}
    </Stack>
  );
}
