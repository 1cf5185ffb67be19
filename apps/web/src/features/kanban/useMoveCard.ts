import { notifyError } from '../../lib/notify';
import { useMutation, useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { queryKeys } from '../../api/hooks';
import type { Item, TypeMeta } from '../../api/types';
import { locateCard, type CardPlacement } from '../../components/Board/boardModel';
import { errorMessage } from '../../lib/errors';
import { amountInBase, moveCardInBoard, refreshCard, type Rates } from './boardCache';
import type { BoardData } from './types';

interface MoveRequest {
  id: number;
  stageId: string;
  afterId: number | null;
  /** Sent for a new stage (an edit of the item): the server refuses it when someone changed the item meanwhile. */
  version?: number;
}

/** The type's lists (not the board) and the item's own queries (card, history): they show the new stage. */
export function refreshAround(queryClient: QueryClient, type: TypeMeta, id?: number) {
  void queryClient.invalidateQueries({ queryKey: queryKeys.items(type.plural), predicate: (query) => query.queryKey[2] !== 'kanban' });
  if (id !== undefined) void queryClient.invalidateQueries({ queryKey: queryKeys.item(type.plural, id) });
}

/**
 * Moving a card: the board changes at once (the card, both columns' counts and totals), the server is told, and a
 * refusal puts the card back where it was with the reason in plain words (someone changed the item meanwhile; not
 * allowed). Counts and totals are then taken from the server.
 */
export function useMoveCard({ type, boardKey, rates, refreshSummaries }: { type: TypeMeta; boardKey: QueryKey; rates: Rates | undefined; refreshSummaries: () => Promise<void> }) {
  const queryClient = useQueryClient();
  const { t } = useTranslation('kanban');
  const mutation = useMutation({ mutationFn: ({ id, ...body }: MoveRequest) => api.post<Item>(`/${type.plural}/${id}/move`, body) });
  const { mutate } = mutation;

  return useCallback(
    (placement: CardPlacement) => {
      const board = queryClient.getQueryData<BoardData>(boardKey);
      const at = board && locateCard(board.columns, placement.cardId);
      if (!board || !at) return;
      const card = board.columns[at.column].cards[at.index];
      const origin = { columnId: board.columns[at.column].id, index: at.index };
      const amount = type.board ? amountInBase(card, type.board.amountField, type.board.currencyField, board.baseCurrency, rates) : null;
      const stageChanged = origin.columnId !== placement.to;

      void queryClient.cancelQueries({ queryKey: boardKey, exact: true });
      queryClient.setQueryData<BoardData>(boardKey, moveCardInBoard(board, card.id, placement.to, placement.index, amount));

      mutate(
        { id: card.id, stageId: placement.to, afterId: placement.afterId, ...(stageChanged ? { version: card.version } : {}) },
        {
          onSuccess: (item) => {
            queryClient.setQueryData<BoardData>(boardKey, (data) => (data ? refreshCard(data, item) : data));
            if (stageChanged) refreshAround(queryClient, type, card.id);
            void refreshSummaries();
          },
          onError: (error) => {
            queryClient.setQueryData<BoardData>(boardKey, (data) => (data ? moveCardInBoard(data, card.id, origin.columnId, origin.index, amount) : data));
            const entity = t(type.name === 'lead' ? 'lead.entity' : 'deal.entity');
            const conflict = error instanceof ApiError && error.code === 'VERSION_CONFLICT';
            const forbidden = error instanceof ApiError && error.status === 403;
            const message = conflict ? t('moveFailed.conflict', { type: entity }) : forbidden ? t('moveFailed.forbidden', { type: entity }) : errorMessage(error, t);
            notifyError(t('moveFailed.title'), message);
            // Someone else's change: show it (the card's new version) so the next move can succeed.
            if (conflict) void queryClient.invalidateQueries({ queryKey: boardKey, exact: true });
            else void refreshSummaries();
          },
        },
      );
    },
    [queryClient, boardKey, rates, type, mutate, refreshSummaries, t],
  );
}
