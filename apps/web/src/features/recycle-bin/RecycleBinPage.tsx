import { Container, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function RecycleBinPage() {
  const { t } = useTranslation('recycleBin');
  return (
    <Container fluid py="md">
      <Title order={1} size="h2">
        {t('title')}
      </Title>
    </Container>
  );
}
