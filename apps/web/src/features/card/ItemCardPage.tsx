import { Container, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useItem, useTypeMeta } from '../../api/hooks';
import { itemTitle } from '../../api/titles';

export function ItemCardPage() {
  const { type: plural, id } = useParams({ from: '/app/$type/$id' });
  const type = useTypeMeta(plural);
  const item = useItem(plural, id).data;
  return (
    <Container fluid py="md">
      <Title order={1} size="h2">
        {type && item ? itemTitle(type, item) : ''}
      </Title>
    </Container>
  );
}
