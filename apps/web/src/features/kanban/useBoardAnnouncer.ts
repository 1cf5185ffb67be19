import { useLayoutEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TypeMeta } from '../../api/types';
import { locateCard } from '../../components/Board/boardModel';
import type { BoardAnnouncer } from '../../components/Board/useBoardDrag';
import type { CardFields } from './cardFields';
import { cardTitle } from './KanbanCard';
import type { BoardData } from './types';

/** What a screen reader hears while a card moves, naming the card and its stage, in the user's language. */
export function useBoardAnnouncer(type: TypeMeta, fields: CardFields, board: BoardData | undefined): BoardAnnouncer {
  const { t } = useTranslation('kanban');
  const current = useRef(board);
  useLayoutEffect(() => {
    current.current = board;
  }, [board]);

  return useMemo(() => {
    const title = (cardId: number) => {
      const columns = current.current?.columns ?? [];
      const at = locateCard(columns, cardId);
      return at ? cardTitle(type, fields, columns[at.column].cards[at.index]) : `#${cardId}`;
    };
    const stage = (columnId: string) => current.current?.columns.find((column) => column.id === columnId)?.name ?? columnId;
    return {
      pickedUp: (at) => t('dnd.pickedUp', { title: title(at.cardId), stage: stage(at.columnId), position: at.position, size: at.size }),
      over: (at) => t('dnd.over', { title: title(at.cardId), stage: stage(at.columnId), position: at.position, size: at.size }),
      overColumn: (cardId, columnId) => t('dnd.overColumn', { title: title(cardId), stage: stage(columnId) }),
      dropped: (at) => t('dnd.dropped', { title: title(at.cardId), stage: stage(at.columnId), position: at.position, size: at.size }),
      droppedOutside: (cardId) => t('dnd.droppedOutside', { title: title(cardId) }),
      cancelled: (cardId, columnId) => t('dnd.cancelled', { title: title(cardId), stage: stage(columnId) }),
    };
  }, [t, type, fields]);
}
