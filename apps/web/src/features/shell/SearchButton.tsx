import { ActionIcon, Button, Kbd, Text } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** Opens global search: a wide button with its shortcut on desktops, an icon on phones. */
export function SearchButton({ onOpen }: { onOpen: () => void }) {
  const { t } = useTranslation('shell');
  return (
    <>
      <Button
        variant="default"
        onClick={onOpen}
        leftSection={<IconSearch size={16} aria-hidden />}
        rightSection={<Kbd size="xs">Ctrl K</Kbd>}
        visibleFrom="sm"
        w={360}
        justify="space-between"
        styles={{ label: { flex: 1 } }}
        aria-keyshortcuts="Control+K /"
      >
        <Text size="sm" c="dimmed" component="span">
          {t('search.placeholder')}
        </Text>
      </Button>
      <ActionIcon variant="default" size="lg" onClick={onOpen} hiddenFrom="sm" aria-label={t('search.button')} ml="auto">
        <IconSearch size={18} aria-hidden />
      </ActionIcon>
    </>
  );
}
