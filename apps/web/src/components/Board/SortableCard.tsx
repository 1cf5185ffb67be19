import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { memo, useMemo, type KeyboardEvent, type ReactNode } from 'react';
import { columnDropId, type BoardCard } from './boardModel';
import classes from './Board.module.css';

/** What a card's drag handle needs: its element, the keyboard start and the accessibility attributes. */
export interface DragHandleProps {
  ref: (element: HTMLElement | null) => void;
  onKeyDown?: (event: KeyboardEvent) => void;
  tabIndex: number;
  'aria-describedby': string;
  'aria-roledescription': string;
  'aria-pressed': boolean | undefined;
  'aria-disabled': boolean;
}

export interface SortableCardProps<C extends BoardCard> {
  card: C;
  columnId: string;
  /** How the handle presents itself to a screen reader ("draggable card"). */
  roleDescription: string;
  disabled?: boolean;
  /** Draws the card; keep it stable (useCallback) so cards that did not change do not draw again. */
  render: (card: C, handle: DragHandleProps) => ReactNode;
}

/**
 * One card of a column that can be dragged: the mouse or a long touch anywhere on it (links inside still click),
 * the keyboard on its handle only, so a card never nests one control in another.
 */
function SortableCardInner<C extends BoardCard>({ card, columnId, roleDescription, disabled = false, render }: SortableCardProps<C>) {
  const id = card.id;
  const { setNodeRef, setActivatorNodeRef, listeners, attributes, transform, transition, isDragging } = useSortable({
    id,
    data: { dropColumn: columnDropId(columnId) },
    attributes: { roleDescription },
    disabled,
  });
  const { onKeyDown, ...pointerListeners } = (listeners ?? {}) as Record<string, (event: unknown) => void>;
  // The same handle object while nothing of it changes: the card it is given to does not draw again when another
  // card comes into view (dnd-kit's context changes with every card that mounts).
  const handle = useMemo(
    (): DragHandleProps => ({
      ref: setActivatorNodeRef,
      onKeyDown: onKeyDown as DragHandleProps['onKeyDown'],
      tabIndex: attributes.tabIndex,
      'aria-describedby': attributes['aria-describedby'],
      'aria-roledescription': attributes['aria-roledescription'],
      'aria-pressed': attributes['aria-pressed'],
      'aria-disabled': attributes['aria-disabled'],
    }),
    [setActivatorNodeRef, onKeyDown, attributes],
  );
  const content = useMemo(() => render(card, handle), [render, card, handle]);
  return (
    <div
      ref={setNodeRef}
      className={classes.card}
      data-dragging={isDragging}
      data-card-id={id}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      {...pointerListeners}
    >
      {content}
    </div>
  );
}

export const SortableCard = memo(SortableCardInner) as typeof SortableCardInner;

/** The grip a keyboard user picks a card up with (Space or Enter), named after the card. */
export function DragHandle({ label, handle, icon }: { label: string; handle: DragHandleProps; icon: ReactNode }) {
  const { ref, ...props } = handle;
  return (
    <button type="button" ref={ref} className={classes.handle} aria-label={label} {...props}>
      {icon}
    </button>
  );
}
