import { notifications } from '@mantine/notifications';
import { i18n } from '../i18n';

/** Notices in the corner of the screen, each close button named in the user's language for screen readers. */
const closeButtonProps = () => ({ 'aria-label': i18n.t('common:actions.close') });

/** A short confirmation ("Contato criado"). */
export function notifySuccess(message: string): void {
  notifications.show({ message, color: 'green', closeButtonProps: closeButtonProps() });
}

/** Something that did not happen, with the reason; it stays longer so it can be read. */
export function notifyError(title: string, message: string): void {
  notifications.show({ title, message, color: 'red', autoClose: 8000, closeButtonProps: closeButtonProps() });
}
