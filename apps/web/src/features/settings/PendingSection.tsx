import { Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SettingsSection } from './sections';

/** The heading of a section whose page is being built (replaced by the section's own page). */
export function PendingSection({ section }: { section: SettingsSection['key'] }) {
  const { t } = useTranslation('settings');
  return (
    <Title order={2} size="h3">
      {t(`sections.${section}`)}
    </Title>
  );
}
