import { Badge, Button, Collapse, Flex, Input, MultiSelect, SegmentedControl, Select, Stack } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { DatePickerInput } from '@mantine/dates';
import { IconFilter, IconFilterOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useItemTitle } from '../../api/titles';
import type { Locale } from '../../api/types';
import { UserPicker } from '../../components/fields/UserPicker';
import { ItemSearchPicker } from '../tasks/ItemSearchPicker';
import { activityKinds } from './api';
import { periods } from './dates';
import type { ActivitiesSearch } from './search';

interface Props {
  search: ActivitiesSearch;
  onChange: (changes: Partial<ActivitiesSearch>) => void;
  /** The list has a period; the calendar has its own day or week. */
  withPeriod: boolean;
  /** Managers may look at someone else's activities. */
  withResponsible: boolean;
  meId: number;
}

/** Kind, open/done, period, the item concerned and (for managers) whose: each one changes the address. */
export function ActivityFilters({ search, onChange, withPeriod, withResponsible, meId }: Props) {
  const { t, i18n } = useTranslation('activities');
  const locale = i18n.language as Locale;
  const itemTitle = useItemTitle(search.itemType ?? null, search.itemId).data;
  const active = [search.kind, search.status, search.period, search.itemId, search.responsible].filter(Boolean).length;
  const filtered = active > 0;
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [shown, setShown] = useState(false);
  const filters = (
    <Flex gap="sm" wrap="wrap" align="flex-end" role="search" aria-label={t('filters.label')}>
      <MultiSelect
        label={t('filters.kind')}
        placeholder={search.kind ? undefined : t('filters.kindPlaceholder')}
        data={activityKinds.map((kind) => ({ value: kind, label: t(`kinds.${kind}`) }))}
        value={search.kind ? search.kind.split(',') : []}
        onChange={(values) => onChange({ kind: values.length > 0 ? values.join(',') : undefined })}
        clearable
        w={{ base: '100%', xs: 240 }}
        comboboxProps={{ withinPortal: true }}
      />
      <Input.Wrapper label={t('filters.status')} labelElement="div">
        <SegmentedControl
          aria-label={t('filters.status')}
          value={search.status ?? 'open'}
          onChange={(value) => onChange({ status: value === 'open' ? undefined : (value as 'done' | 'all') })}
          data={[
            { value: 'open', label: t('filters.open') },
            { value: 'done', label: t('filters.done') },
            { value: 'all', label: t('filters.all') },
          ]}
          style={{ display: 'flex' }}
        />
      </Input.Wrapper>
      {withPeriod && (
        <Select
          label={t('filters.period')}
          data={periods.map((period) => ({ value: period, label: t(`periods.${period}`) }))}
          value={search.period ?? 'all'}
          onChange={(value) => onChange({ period: !value || value === 'all' ? undefined : (value as ActivitiesSearch['period']), from: undefined, to: undefined })}
          allowDeselect={false}
          w={{ base: '100%', xs: 200 }}
          comboboxProps={{ withinPortal: true }}
        />
      )}
      {withPeriod && search.period === 'custom' && (
        <DatePickerInput
          type="range"
          label={t('filters.range')}
          value={[search.from ?? null, search.to ?? null]}
          onChange={([start, end]) => onChange({ from: start?.slice(0, 10) || undefined, to: end?.slice(0, 10) || undefined })}
          valueFormat={locale === 'pt-BR' ? 'DD/MM/YYYY' : 'MM/DD/YYYY'}
          allowSingleDateInRange
          clearable
          w={{ base: '100%', xs: 260 }}
          popoverProps={{ withinPortal: true }}
        />
      )}
      <div style={{ flex: '1 1 220px', maxWidth: 360 }}>
        <ItemSearchPicker
          label={t('filters.item')}
          value={search.itemType && search.itemId ? [{ type: search.itemType, id: search.itemId, title: itemTitle ?? `#${search.itemId}` }] : []}
          onChange={([item]) => onChange({ itemType: item?.type, itemId: item?.id })}
        />
      </div>
      {withResponsible && (
        <div style={{ flex: '0 1 220px' }}>
          <UserPicker label={t('filters.responsible')} value={search.responsible ?? meId} onChange={(value) => onChange({ responsible: typeof value === 'number' && value !== meId ? value : undefined })} />
        </div>
      )}
      {filtered && (
        <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={16} aria-hidden />} onClick={() => onChange({ kind: undefined, status: undefined, period: undefined, from: undefined, to: undefined, itemType: undefined, itemId: undefined, responsible: undefined })}>
          {t('filters.clear')}
        </Button>
      )}
    </Flex>
  );
  if (!phone) return filters;
  // On a phone the filters wait behind a button, so the activities come first.
  return (
    <Stack gap="xs">
      <Button variant="default" leftSection={<IconFilter size={16} aria-hidden />} rightSection={filtered ? <Badge size="sm" circle>{active}</Badge> : undefined} onClick={() => setShown((value) => !value)} aria-expanded={shown} aria-controls="activity-filters" style={{ alignSelf: 'flex-start' }}>
        {t('filters.label')}
      </Button>
      <Collapse expanded={shown} id="activity-filters">
        {filters}
      </Collapse>
    </Stack>
  );
}
