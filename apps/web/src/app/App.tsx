import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { i18n } from '../i18n';
import { queryClient } from './query-client';
import { createAppRouter } from './router';
import { theme } from './theme';

const router = createAppRouter(queryClient);

function LocalizedProviders() {
  const { i18n: instance } = useTranslation();
  return (
    <DatesProvider settings={{ locale: instance.language === 'pt-BR' ? 'pt-br' : 'en', firstDayOfWeek: 0 }}>
      <Notifications position="top-right" limit={4} />
      <RouterProvider router={router} />
    </DatesProvider>
  );
}

export function App() {
  return (
    <I18nextProvider i18n={i18n}>
      <MantineProvider theme={theme} defaultColorScheme="light">
        <QueryClientProvider client={queryClient}>
          <LocalizedProviders />
        </QueryClientProvider>
      </MantineProvider>
    </I18nextProvider>
  );
}
