import { Container } from '@mantine/core';
import { useRouter, type ErrorComponentProps } from '@tanstack/react-router';
import { ApiError } from '../api/client';
import { ErrorNotice } from './ErrorNotice';
import { NotFoundPage } from './NotFoundPage';

/** What a route shows when loading it failed: never a blank screen. */
export function RouteError({ error, reset }: ErrorComponentProps) {
  const router = useRouter();
  if (error instanceof ApiError && error.status === 404) return <NotFoundPage />;
  return (
    <Container size="sm" py="xl">
      <ErrorNotice
        error={error}
        onRetry={() => {
          reset();
          void router.invalidate();
        }}
      />
    </Container>
  );
}
