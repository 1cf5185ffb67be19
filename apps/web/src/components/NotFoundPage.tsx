import { Center, Stack, Text, Title } from '@mantine/core';
import { ButtonLink } from './links';
import { useTranslation } from 'react-i18next';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Center h="60vh" p="md">
      <Stack align="center" gap="sm">
        <Title order={1} size="h2">
          404
        </Title>
        <Text c="dimmed" ta="center">
          {t('errors.notFound')}
        </Text>
        <ButtonLink to="/" variant="light">
          {t('actions.back')}
        </ButtonLink>
      </Stack>
    </Center>
  );
}
