import { Chip, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../../lib/format';
import type { Locale } from '../../api/types';
import { binPlural, type BinTypeName } from './bin-entry';

export type BinFilter = BinTypeName | 'all';

interface Props {
  value: BinFilter;
  onChange: (value: BinFilter) => void;
  /** The types the user may read, in navigation order. */
  types: BinTypeName[];
  counts: Record<BinFilter, number>;
}

/** Which types the bin shows: all, or one, each with how many of it wait in the bin. Wraps on a phone. */
export function BinTypeFilter({ value, onChange, types, counts }: Props) {
  const { t, i18n } = useTranslation('recycleBin');
  const locale = i18n.language as Locale;
  const label = (text: string, count: number) => `${text} (${formatCount(count, locale)})`;
  return (
    <Chip.Group multiple={false} value={value} onChange={(next) => onChange(next as BinFilter)}>
      <Group gap="xs" role="radiogroup" aria-label={t('filter.label')}>
        <Chip value="all" size="sm" variant="outline">
          {label(t('filter.all'), counts.all)}
        </Chip>
        {types.map((type) => (
          <Chip key={type} value={type} size="sm" variant="outline">
            {label(t(`common:types.${binPlural[type]}`), counts[type])}
          </Chip>
        ))}
      </Group>
    </Chip.Group>
  );
}
