import { useTranslation } from 'react-i18next';
import type { TypeMeta } from '../../../api/types';
import { FilterBar } from '../../../components/FilterBar';
import { useFilterChoices } from '../filterChoices';
import { useItemsUrl } from '../useItemsUrl';
import classes from './ItemsToolbar.module.css';
import { PresetsMenu } from './PresetsMenu';
import { QuickSearch } from './QuickSearch';
import { ExportButton } from '../../export/ExportMenu';
import { ImportButton } from '../../import/ImportButton';

/**
 * Above the list and the board alike: the saved filters, the filter bar, the quick search, the import and the export.
 * Everything it sets goes to the URL, which both views read.
 */
export function ItemsToolbar({ type }: { type: TypeMeta }) {
  const { t } = useTranslation('items');
  const url = useItemsUrl();
  const choices = useFilterChoices(type);

  return (
    <div className={classes.toolbar} role="search" aria-label={t('toolbar.label')}>
      <PresetsMenu plural={type.plural} filter={url.filter} search={url.query} presetId={url.presetId} onApply={(preset) => url.applyPreset(preset)} onMark={url.markPreset} />
      <div className={classes.filters}>
        <FilterBar fields={type.fields} value={url.filter} onChange={url.setFilter} choices={choices} onClear={url.clear} clearable={Boolean(url.query) || url.presetId !== undefined} />
      </div>
      <div className={classes.search}>
        <QuickSearch value={url.query} onChange={url.setQuery} placeholder={t('toolbar.searchPlaceholder')} />
      </div>
      <ImportButton type={type} />
      <ExportButton type={type} />
    </div>
  );
}
