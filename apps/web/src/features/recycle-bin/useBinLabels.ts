import { useTranslation } from 'react-i18next';
import { useUsers } from '../../api/hooks';
import type { Locale } from '../../api/types';
import { formatDate, formatDateTime } from '../../lib/format';
import { localDay, type BinEntry } from './bin-entry';

/** How a binned entry reads: its type, when and by whom it was deleted, when the bin will purge it. */
export function useBinLabels() {
  const { t, i18n } = useTranslation('recycleBin');
  const locale = i18n.language as Locale;
  const users = useUsers().data;
  const names = new Map(users?.map((user) => [user.id, user.name || user.email]));
  return {
    type: (entry: BinEntry) => t(`common:types.${entry.type}`),
    deletedAt: (entry: BinEntry) => formatDateTime(entry.deletedAt, locale),
    deletedBy: (entry: BinEntry) => (entry.deletedById === null ? null : (names.get(entry.deletedById) ?? (users ? t('unknownUser') : ''))),
    purgeDate: (entry: BinEntry) => formatDate(localDay(entry.purgeAfter), locale),
  };
}
