import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';

/** A short confirmation in the corner ("Contato criado"), its close button named for screen readers. */
export function useNotify() {
  const { t } = useTranslation();
  return (message: string) => notifications.show({ message, color: 'green', closeButtonProps: { 'aria-label': t('actions.close') } });
}
