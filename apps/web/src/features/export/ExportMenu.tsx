import { ActionIcon, Button, Tooltip } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconFileExport } from '@tabler/icons-react';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TypeMeta } from '../../api/types';

const ExportDialog = lazy(() => import('./ExportDialog').then((m) => ({ default: m.ExportDialog })));

/** The toolbar's "Exportar" button, for users whose roles give an export right on the type. */
export function ExportButton({ type }: { type: TypeMeta }) {
  const { t } = useTranslation('export');
  const [open, setOpen] = useState(false);
  // On a phone the toolbar's first line holds the saved filters, the search and this: an icon only.
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  if (type.rights.export === 'none') return null;
  return (
    <>
      {phone ? (
        <Tooltip label={t('button')}>
          <ActionIcon variant="default" size={36} aria-label={t('button')} onClick={() => setOpen(true)}>
            <IconFileExport size={18} aria-hidden />
          </ActionIcon>
        </Tooltip>
      ) : (
        <Button variant="default" size="sm" leftSection={<IconFileExport size={16} aria-hidden />} onClick={() => setOpen(true)}>
          {t('button')}
        </Button>
      )}
      {open && (
        <Suspense fallback={null}>
          <ExportDialog type={type} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
