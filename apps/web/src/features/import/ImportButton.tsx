import { useMediaQuery } from '@mantine/hooks';
import { IconFileImport } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { TypeMeta } from '../../api/types';
import { ButtonLink } from '../../components/links';

/** The list toolbar's "Importar": the wizard, with the list's type chosen; for users who may import into it. */
export function ImportButton({ type }: { type: TypeMeta }) {
  const { t } = useTranslation('imports');
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  if (type.rights.import === 'none' || type.rights.add === 'none') return null;
  // A phone's toolbar has no room left beside the search and the export: the navigation has "Importar".
  if (phone) return null;
  return (
    <ButtonLink to="/import" search={{ type: type.plural }} variant="default" size="sm" leftSection={<IconFileImport size={16} aria-hidden />}>
      {t('button')}
    </ButtonLink>
  );
}
