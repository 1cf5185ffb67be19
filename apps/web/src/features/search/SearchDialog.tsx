import { Modal, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Global search (Ctrl+K, /): built in features/search. */
export function SearchDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('search');
  return (
    <Modal opened={opened} onClose={onClose} title={t('title')}>
      <TextInput aria-label={t('title')} placeholder={t('placeholder')} data-autofocus />
    </Modal>
  );
}
