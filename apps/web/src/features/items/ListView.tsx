import { Box, Button, Stack, Text } from '@mantine/core';
import { IconListSearch } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useCallback, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { FilterTerm, Item, TypeMeta } from '../../api/types';
import { ColumnChooser, DataGrid, type GridSelection, type GridSort } from '../../components/DataGrid';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageLoader } from '../../components/PageLoader';
import { itemTitle } from '../../api/titles';
import { GroupActions } from './bulk/GroupActions';
import { columnFields, itemColumns, requestedFields } from './list/itemColumns';
import { ListFooter } from './list/ListFooter';
import { useItemPages } from './list/useItemPages';
import { useListSettings } from './list/useListSettings';
import { useItemsUrl } from './useItemsUrl';
import { useSelection } from './list/useSelection';
import { publishSelection } from '../export/selection';

export interface ListViewProps {
  type: TypeMeta;
  filter: FilterTerm[];
  search: string | undefined;
}

/**
 * The list of one type: the user's columns (chosen, ordered, resized, saved on the server), sorted by a header click,
 * 100 rows a page as it scrolls; rows ticked, or "all that match", for group actions.
 */
export function ListView({ type, filter, search }: ListViewProps) {
  const settings = useListSettings(type.plural);
  const view = settings.view;
  if (settings.error && !view) return <Box p="md"><ErrorNotice error={settings.error} onRetry={() => void settings.refetch()} /></Box>;
  if (!view) return <PageLoader />;
  return <LoadedList type={type} filter={filter} search={search} view={view} change={settings.change} />;
}

type Settings = ReturnType<typeof useListSettings>;

function LoadedList({ type, filter, search, view, change }: ListViewProps & { view: NonNullable<Settings['view']>; change: Settings['change'] }) {
  const { t } = useTranslation('items');
  const navigate = useNavigate();
  const url = useItemsUrl();
  const columns = useMemo(() => itemColumns(type, view), [type, view]);
  const shown = useMemo(() => view.columns.map((column) => column.field).filter((name) => columns.some((c) => c.id === name)), [view.columns, columns]);
  const fields = useMemo(() => requestedFields(type, shown), [type, shown]);
  const sortParam = view.sort ? `${view.sort.direction === 'desc' ? '-' : ''}${view.sort.field}` : undefined;
  const { query, rows, total, totalCapped } = useItemPages({ plural: type.plural, fields, sort: sortParam, filter, search });

  const mayAct = type.rights.update !== 'none' || type.rights.delete !== 'none';
  const selection = useSelection(rows, `${JSON.stringify(filter)}|${search ?? ''}|${sortParam ?? ''}`);
  const gridSelection = useMemo<GridSelection | undefined>(
    () =>
      mayAct
        ? { isSelected: selection.isSelected, all: selection.all, loadedCount: selection.count, onToggle: selection.toggle, onToggleLoaded: selection.toggleLoaded }
        : undefined,
    [mayAct, selection],
  );

  // The toolbar's export offers the ticked rows.
  useEffect(() => {
    publishSelection(type.plural, { all: selection.all, ids: [...selection.items.keys()].map(Number) });
    return () => publishSelection(type.plural, null);
  }, [type.plural, selection.all, selection.items]);

  const sort = useMemo<GridSort | null>(() => (view.sort ? { id: view.sort.field, desc: view.sort.direction === 'desc' } : null), [view.sort]);
  const onSortChange = useCallback((next: GridSort | null) => change((v) => ({ ...v, sort: next ? { field: next.id, direction: next.desc ? 'desc' : 'asc' } : null })), [change]);
  const onColumnSizingChange = useCallback(
    (sizes: Record<string, number>) => change((v) => ({ ...v, columns: v.columns.map((column) => ({ ...column, width: sizes[column.field] ?? column.width })) })),
    [change],
  );
  const onColumnsChange = useCallback(
    (visible: string[]) =>
      change((v) => {
        const widths = new Map(v.columns.map((column) => [column.field, column.width]));
        const sizes = new Map(columns.map((column) => [column.id, column.size]));
        return { ...v, columns: visible.map((field) => ({ field, width: widths.get(field) ?? sizes.get(field) })) };
      }),
    [change, columns],
  );
  const onRowOpen = useCallback((item: Item) => void navigate({ to: '/$type/$id', params: { type: type.plural, id: item.id } }), [navigate, type.plural]);
  const getRowId = useCallback((item: Item) => String(item.id), []);
  const getRowLabel = useCallback((item: Item) => itemTitle(type, item), [type]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const onEndReached = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  const choosable = useMemo(() => columnFields(type).map((field) => ({ id: field.name, label: field.label })), [type]);

  const filtered = filter.length > 0 || Boolean(search);
  const empty = (
    <Stack align="center" gap="xs" py="xl">
      <IconListSearch size={40} stroke={1.4} color="var(--mantine-color-gray-5)" aria-hidden />
      <Text fw={600}>{filtered ? t('list.noMatch') : t('list.empty', { type: t(`common:types.${type.plural}`) })}</Text>
      {filtered && (
        <Button variant="light" size="xs" onClick={url.clear}>
          {t('list.clearFilter')}
        </Button>
      )}
    </Stack>
  );

  return (
    <Stack gap={0} style={{ flex: 1, minHeight: 0 }}>
      {query.isError && rows.length === 0 ? (
        <Box p="md">
          <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />
        </Box>
      ) : query.isPending ? (
        <PageLoader />
      ) : (
        <Box style={{ flex: 1, minHeight: 0 }}>
          <DataGrid
            label={t(`common:types.${type.plural}`)}
            rows={rows}
            getRowId={getRowId}
            getRowLabel={getRowLabel}
            columns={columns}
            visibleColumns={shown}
            sort={sort}
            onSortChange={onSortChange}
            onColumnSizingChange={onColumnSizingChange}
            selection={gridSelection}
            onRowOpen={onRowOpen}
            hasMore={Boolean(hasNextPage)}
            loadingMore={isFetchingNextPage}
            onEndReached={onEndReached}
            rowCount={total ?? undefined}
            empty={empty}
            corner={<ColumnChooser columns={choosable} visible={shown} onChange={onColumnsChange} locked={type.titleFields.slice(0, 1)} />}
          />
        </Box>
      )}
      {query.isError && rows.length > 0 && (
        <Box px="md" py="xs">
          <ErrorNotice error={query.error} onRetry={() => void fetchNextPage()} />
        </Box>
      )}
      {query.isSuccess && <ListFooter total={total} capped={totalCapped} loaded={rows.length} refreshing={query.isPlaceholderData || (query.isFetching && !query.isFetchingNextPage)} />}
      {mayAct && (
        <GroupActions type={type} selection={selection} total={total} totalCapped={totalCapped} filter={filter} search={search} />
      )}
    </Stack>
  );
}
