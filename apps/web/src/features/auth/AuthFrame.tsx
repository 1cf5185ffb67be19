import { Center, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../api/types';
import { changeLocale, locales } from '../../i18n';
import { Logo } from '../shell/Logo';

/** The frame of the screens before sign-in: the logo, a card, and the language choice. */
export function AuthFrame({ title, intro, children }: { title: string; intro?: string; children: ReactNode }) {
  const { t, i18n } = useTranslation();
  return (
    <Center mih="100vh" p="md" component="main">
      <Stack w="100%" maw={420} gap="lg">
        <Group justify="center">
          <Logo size={36} />
        </Group>
        <Paper withBorder shadow="sm" p="xl" radius="md">
          <Stack gap="md">
            <div>
              <Title order={1} size="h3">
                {title}
              </Title>
              {intro && (
                <Text c="dimmed" size="sm" mt={4}>
                  {intro}
                </Text>
              )}
            </div>
            {children}
          </Stack>
        </Paper>
        <Select
          aria-label={t('language.label')}
          data={locales.map((locale) => ({ value: locale, label: t(`language.${locale}`) }))}
          value={i18n.language}
          onChange={(value) => value && void changeLocale(value as Locale)}
          allowDeselect={false}
          w={220}
          mx="auto"
          size="xs"
        />
      </Stack>
    </Center>
  );
}
