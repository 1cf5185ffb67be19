import { Group, Kbd, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import classes from './SearchDialog.module.css';

/** The keys the dialog answers to, at its foot (keyboards only: hidden on phones). */
export function SearchKeys() {
  const { t } = useTranslation('search');
  return (
    <Group gap="md" className={classes.footer} visibleFrom="sm" aria-hidden>
      <Text size="xs" c="dimmed">
        <Kbd size="xs">↑</Kbd> <Kbd size="xs">↓</Kbd> {t('keys.move')}
      </Text>
      <Text size="xs" c="dimmed">
        <Kbd size="xs">Enter</Kbd> {t('keys.open')}
      </Text>
      <Text size="xs" c="dimmed">
        <Kbd size="xs">Esc</Kbd> {t('keys.close')}
      </Text>
    </Group>
  );
}
