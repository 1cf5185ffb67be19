import { Box, Button, Stack } from '@mantine/core';
import { notifyError } from '../../lib/notify';
import { IconPlus } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrencies, useMe } from '../../api/hooks';
import type { Item } from '../../api/types';
import { Board } from '../../components/Board/Board';
import { readableTextColor } from '../../components/Board/colors';
import type { DragHandleProps } from '../../components/Board/SortableCard';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageLoader } from '../../components/PageLoader';
import { errorMessage } from '../../lib/errors';
import { amountInBase, insertCard } from './boardCache';
import type { BoardViewProps } from './BoardView';
import { cardFieldsOf } from './cardFields';
import { ColumnHeader } from './ColumnHeader';
import { KanbanCard } from './KanbanCard';
import { PipelineSwitcher } from './PipelineSwitcher';
import { QuickAddForm } from './QuickAddForm';
import { StageDialogs, type StageDialog } from './StageDialogs';
import { StageMenu, type StageAction } from './StageMenu';
import type { BoardStage } from './types';
import { useBoardAnnouncer } from './useBoardAnnouncer';
import { useKanbanBoard } from './useKanbanBoard';
import { refreshAround, useMoveCard } from './useMoveCard';
import { useStageEditing } from './useStageEditing';

/**
 * The Kanban board of deals (one pipeline at a time) or leads: a column per stage with its count and total, cards
 * that move by mouse, touch or keyboard, a quick add on each column and, for those who may configure the CRM, the
 * stages edited in place.
 */
export function KanbanBoard({ type, filter, search, pipelineId, onPipelineChange }: BoardViewProps) {
  const { t } = useTranslation('kanban');
  const queryClient = useQueryClient();
  const mayConfigure = useMe().data?.mayConfigure ?? false;
  const mayAdd = type.rights.add !== 'none';
  // A role that may change some of these items may move them; the server refuses the others, and the card goes back.
  const mayMove = type.rights.update !== 'none';
  const kind = type.name === 'lead' ? 'lead' : 'deal';
  const fields = useMemo(() => cardFieldsOf(type), [type]);

  const { board, key, loadMore, loadingColumns, refreshSummaries } = useKanbanBoard({ type, pipelineId, filter, search });
  const data = board.data;
  const currencies = useCurrencies().data;
  const rates = useMemo(() => (currencies ? Object.fromEntries(currencies.map((c) => [c.code, c.rate])) : undefined), [currencies]);
  const move = useMoveCard({ type, boardKey: key, rates, refreshSummaries });
  const announcer = useBoardAnnouncer(type, fields, data);
  const stages = useStageEditing(type, data?.pipelineId ?? null);

  const [quickAddColumn, setQuickAddColumn] = useState<string | null>(null);
  const [dialog, setDialog] = useState<StageDialog | null>(null);

  const added = useCallback(
    (column: BoardStage, item: Item) => {
      queryClient.setQueryData(key, (current: typeof data) => {
        if (!current || !type.board) return current;
        return insertCard(current, column.id, item, amountInBase(item, type.board.amountField, type.board.currencyField, current.baseCurrency, rates));
      });
      setQuickAddColumn(null);
      refreshAround(queryClient, type);
      void refreshSummaries();
    },
    [queryClient, key, type, rates, refreshSummaries],
  );

  const columns = data?.columns;
  const onStageAction = useCallback(
    (action: StageAction, column: BoardStage) => {
      if (!columns) return;
      if (action === 'moveLeft' || action === 'moveRight') {
        const codes = columns.map((c) => c.id);
        const from = codes.indexOf(column.id);
        const to = from + (action === 'moveLeft' ? -1 : 1);
        [codes[from], codes[to]] = [codes[to], codes[from]];
        stages.reorder(codes).catch((error: unknown) => notifyError(t('stages.failed'), errorMessage(error, t)));
        return;
      }
      setDialog({ action, column });
    },
    [columns, stages, t],
  );

  const renderHeader = useCallback(
    (column: BoardStage) => {
      const index = columns?.findIndex((c) => c.id === column.id) ?? -1;
      const sameGroup = (neighbour: BoardStage | undefined) => neighbour !== undefined && neighbour.semantic === column.semantic;
      const menu = mayConfigure ? (
        <StageMenu
          column={column}
          color={readableTextColor(column.color ?? '#dee2e6')}
          canMoveLeft={sameGroup(columns?.[index - 1])}
          canMoveRight={sameGroup(columns?.[index + 1])}
          canAddAfter={column.semantic !== 'S'}
          kind={kind}
          onAction={onStageAction}
        />
      ) : undefined;
      return <ColumnHeader column={column} baseCurrency={data?.baseCurrency ?? 'BRL'} menu={menu} />;
    },
    [columns, mayConfigure, kind, onStageAction, data?.baseCurrency],
  );

  const pipeline = data?.pipelineId ?? null;
  const renderTop = useCallback(
    (column: BoardStage) => {
      if (quickAddColumn === column.id) {
        return <QuickAddForm type={type} column={column} pipelineId={pipeline} onAdded={(item) => added(column, item)} onClose={() => setQuickAddColumn(null)} />;
      }
      return (
        <Box px={8} pb={8}>
          <Button variant="default" size="xs" fullWidth aria-label={t('quickAdd.open', { stage: column.name })} onClick={() => setQuickAddColumn(column.id)}>
            <IconPlus size={16} aria-hidden />
          </Button>
        </Box>
      );
    },
    [quickAddColumn, type, pipeline, added, t],
  );

  const renderCard = useCallback((card: Item, handle: DragHandleProps) => <KanbanCard card={card} type={type} fields={fields} handle={handle} />, [type, fields]);
  const renderOverlay = useCallback((card: Item) => <KanbanCard card={card} type={type} fields={fields} />, [type, fields]);
  const columnLabel = useCallback((column: BoardStage) => column.name, []);
  const hasMore = useCallback((column: BoardStage) => column.nextCursor !== null, []);
  const loadingMore = useCallback((column: BoardStage) => loadingColumns.has(column.id), [loadingColumns]);
  const onLoadMore = useCallback((columnId: string) => void loadMore(columnId), [loadMore]);

  if (board.isPending) return <PageLoader />;
  if (board.isError || !data) {
    return (
      <Box p="md">
        <ErrorNotice error={board.error} onRetry={() => void board.refetch()} />
      </Box>
    );
  }

  return (
    <Stack gap={0} style={{ flex: 1, minHeight: 0 }}>
      {type.stages?.pipelineField && <PipelineSwitcher value={data.pipelineId} onChange={onPipelineChange} />}
      <Box style={{ flex: 1, minHeight: 0, opacity: board.isPlaceholderData ? 0.6 : 1, transition: 'opacity 150ms' }} aria-busy={board.isPlaceholderData}>
        <Board<Item, BoardStage>
          label={t('boardLabel', { type: t(`common:types.${type.plural}`) })}
          columns={data.columns}
          columnLabel={columnLabel}
          renderHeader={renderHeader}
          renderTop={mayAdd ? renderTop : undefined}
          renderCard={renderCard}
          renderOverlay={renderOverlay}
          hasMore={hasMore}
          loadingMore={loadingMore}
          onLoadMore={onLoadMore}
          onMove={move}
          announcer={announcer}
          instructions={t('dnd.instructions')}
          roleDescription={t('dnd.roleDescription')}
          emptyText={t('emptyColumn')}
          loadingText={t('loadingMore')}
          disabled={board.isPlaceholderData || !mayMove}
        />
      </Box>
      {dialog && <StageDialogs dialog={dialog} kind={kind} columns={data.columns} stages={stages} onClose={() => setDialog(null)} />}
    </Stack>
  );
}
