import { useTranslation } from 'react-i18next';
import type { StageAction } from './StageMenu';
import { ValueDeleteModal } from '../../components/ValueEditing/ValueDeleteModal';
import { ValueFormModal } from '../../components/ValueEditing/ValueFormModal';
import type { BoardStage } from './types';
import type { useStageEditing } from './useStageEditing';

export interface StageDialog {
  action: Exclude<StageAction, 'moveLeft' | 'moveRight'>;
  column: BoardStage;
}

export interface StageDialogsProps {
  dialog: StageDialog;
  kind: 'deal' | 'lead';
  /** Every stage of the board, in its order. */
  columns: BoardStage[];
  stages: ReturnType<typeof useStageEditing>;
  onClose: () => void;
}

/** The dialog a stage's menu opened: rename and recolour, a new stage after it, or its deletion. */
export function StageDialogs({ dialog, kind, columns, stages, onClose }: StageDialogsProps) {
  const { t } = useTranslation('kanban');
  const { action, column } = dialog;
  if (action === 'edit') {
    return <ValueFormModal title={t(`${kind}.editStage`)} initial={{ name: column.name, color: column.color }} onSubmit={(input) => stages.update(column.id, input)} onClose={onClose} />;
  }
  if (action === 'addAfter') {
    return (
      <ValueFormModal
        title={t(`${kind}.addStage`)}
        initial={{ name: t(`${kind}.newStageName`), color: column.color }}
        onSubmit={(input) => stages.addAfter(column, columns.map((c) => c.id), input)}
        onClose={onClose}
      />
    );
  }
  return (
    <ValueDeleteModal
      title={t(`${kind}.deleteStage`)}
      value={column}
      count={column.count}
      others={columns.filter((c) => c.id !== column.id)}
      describeUse={(count) => t('stages.inUse', { stage: column.name, count })}
      onDelete={(replaceWith) => stages.remove(column.id, replaceWith)}
      onClose={onClose}
    />
  );
}
