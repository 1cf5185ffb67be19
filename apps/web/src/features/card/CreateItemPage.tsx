import { Container, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useTypeMeta } from '../../api/hooks';

export function CreateItemPage() {
  const { t } = useTranslation('card');
  const { type: plural } = useParams({ from: '/app/$type/new' });
  const type = useTypeMeta(plural);
  return (
    <Container fluid py="md">
      <Title order={1} size="h2">
        {t('newTitle', { type: type?.label ?? '' })}
      </Title>
    </Container>
  );
}
