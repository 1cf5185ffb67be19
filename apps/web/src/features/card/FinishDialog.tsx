import { Button, Group, Modal, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ReferenceValue, TypeMeta } from '../../api/types';
import classes from './FinishDialog.module.css';
import { stageColor } from './stage-colors';

interface Props {
  opened: boolean;
  type: TypeMeta;
  /** The final stages (success and failure) of the item's pipeline or of the lead statuses. */
  finals: ReferenceValue[];
  currentCode: unknown;
  saving: boolean;
  onChoose: (stage: ReferenceValue) => void;
  onClose: () => void;
}

/** Moving to a final stage asks first: how does it end? Each choice says what it does; Cancel or Escape leaves it be. */
export function FinishDialog({ opened, type, finals, currentCode, saving, onChoose, onClose }: Props) {
  const { t } = useTranslation('card');
  const kind = type.name === 'lead' ? 'lead' : 'deal';
  return (
    <Modal opened={opened} onClose={onClose} title={t(`stage.finish.${kind}`)} size="md" closeButtonProps={{ 'aria-label': t('common:actions.close') }}>
      <Stack gap="md">
        <Text size="sm">{t(`stage.finishBody.${kind}`)}</Text>
        <Stack gap="xs">
          {finals.map((stage) => {
            const current = stage.code === currentCode;
            return (
              <UnstyledButton key={stage.code} className={classes.choice} style={{ borderLeftColor: stageColor(stage) }} disabled={current || saving} onClick={() => onChoose(stage)} aria-current={current ? 'step' : undefined}>
                <Text fw={600} size="sm">
                  {stage.name}
                  {current && (
                    <Text span size="xs" c="dimmed" ml={6}>
                      {t('stage.isCurrent')}
                    </Text>
                  )}
                </Text>
                <Text size="xs" c="dimmed">
                  {t(`stage.final.${kind}.${stage.semantic === 'S' ? 'S' : 'F'}`)}
                </Text>
              </UnstyledButton>
            );
          })}
        </Stack>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
