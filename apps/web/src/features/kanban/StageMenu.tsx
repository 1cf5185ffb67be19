import { ActionIcon, Menu } from '@mantine/core';
import { IconArrowLeft, IconArrowRight, IconDots, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { BoardStage } from './types';

export type StageAction = 'edit' | 'addAfter' | 'moveLeft' | 'moveRight' | 'delete';

export interface StageMenuProps {
  column: BoardStage;
  /** The text colour of the header it sits on. */
  color: string;
  /** What the stage may do here: a stage moves only among those of its group (in progress, success, failure). */
  canMoveLeft: boolean;
  canMoveRight: boolean;
  canAddAfter: boolean;
  kind: 'deal' | 'lead';
  onAction: (action: StageAction, column: BoardStage) => void;
}

/** The stage's settings on its column (Bitrix24's pencil, plus and cross): rename or recolour, add, move, delete. */
export function StageMenu({ column, color, canMoveLeft, canMoveRight, canAddAfter, kind, onAction }: StageMenuProps) {
  const { t } = useTranslation('kanban');
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <ActionIcon variant="subtle" size="sm" aria-label={t('stages.menu', { stage: column.name })} style={{ color }}>
          <IconDots size={16} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconPencil size={14} aria-hidden />} onClick={() => onAction('edit', column)}>
          {t('stages.edit')}
        </Menu.Item>
        {canAddAfter && (
          <Menu.Item leftSection={<IconPlus size={14} aria-hidden />} onClick={() => onAction('addAfter', column)}>
            {t(`${kind}.addAfter`)}
          </Menu.Item>
        )}
        <Menu.Item leftSection={<IconArrowLeft size={14} aria-hidden />} disabled={!canMoveLeft} onClick={() => onAction('moveLeft', column)}>
          {t('stages.moveLeft')}
        </Menu.Item>
        <Menu.Item leftSection={<IconArrowRight size={14} aria-hidden />} disabled={!canMoveRight} onClick={() => onAction('moveRight', column)}>
          {t('stages.moveRight')}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={() => onAction('delete', column)}>
          {t('stages.delete')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
