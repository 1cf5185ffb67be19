import { Stack, Text } from '@mantine/core';
import { useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldMeta, Item, ReferenceValue, TypeMeta } from '../../api/types';
import { useReferenceValues } from '../../components/fields/lookups';
import { FinishDialog } from './FinishDialog';
import classes from './StageBar.module.css';
import { stageColor, textOn } from './stage-colors';
import { SaveProblems } from './SaveProblems';
import { useInlineSave } from './useInlineSave';

interface Props {
  type: TypeMeta;
  item: Item;
  field: FieldMeta;
  editable: boolean;
  /** A lead's success status is reached by converting it. */
  onConvert: () => void;
}

/**
 * The stages of a deal's pipeline (or a lead's statuses) as Bitrix24 draws them: the stages in progress as arrows in
 * their colours up to the current one, then one "finish" step that asks how it ends (won or lost; converted or junk).
 * Clicking a stage moves the item there.
 */
export function StageBar({ type, item, field, editable, onConvert }: Props) {
  const { t } = useTranslation('card');
  const stages = type.stages!;
  const pipelineId = stages.pipelineField && typeof item[stages.pipelineField] === 'number' ? (item[stages.pipelineField] as number) : undefined;
  const { values } = useReferenceValues(field, pipelineId);
  const saver = useInlineSave(type.plural, item);
  const [finishing, setFinishing] = useState(false);
  const bar = useRef<HTMLDivElement>(null);
  const currentCode = item[stages.field];

  const inProgress = values.filter((stage) => stage.semantic !== 'S' && stage.semantic !== 'F');
  const finals = values.filter((stage) => stage.semantic === 'S' || stage.semantic === 'F');
  const current = values.find((stage) => stage.code === currentCode);
  const currentIndex = current && inProgress.includes(current) ? inProgress.indexOf(current) : current ? inProgress.length : -1;

  useLayoutEffect(() => {
    // On a narrow screen the bar scrolls: keep the current stage in sight.
    const element = bar.current?.querySelector<HTMLElement>('[aria-current="step"]');
    if (bar.current && element) bar.current.scrollLeft = element.offsetLeft - (bar.current.clientWidth - element.offsetWidth) / 2;
  }, [currentCode, values.length]);

  const move = async (stage: ReferenceValue) => {
    if (stage.code === currentCode) return;
    if (type.name === 'lead' && stage.semantic === 'S') {
      setFinishing(false);
      onConvert();
      return;
    }
    await saver.save({ [stages.field]: stage.code });
    // Done or refused, the dialog closes: a refusal (a conflict, a rule) shows under the bar.
    setFinishing(false);
  };

  if (values.length === 0) return null;
  const finalCurrent = current && finals.includes(current) ? current : null;
  const paint = (stage: ReferenceValue, index: number) => {
    if (index > currentIndex) return undefined;
    // A lost deal shows its path in the colour of the failure, as Bitrix24 does.
    const color = stageColor(finalCurrent ?? stage);
    return { background: color, color: textOn(color) };
  };

  return (
    <Stack gap={6}>
      <div className={classes.bar} ref={bar} role="group" aria-label={field.label}>
        {inProgress.map((stage, index) => (
          <button
            key={stage.code}
            type="button"
            className={classes.stage}
            style={paint(stage, index)}
            aria-current={stage.code === currentCode ? 'step' : undefined}
            aria-label={stage.code === currentCode ? t('stage.current', { stage: stage.name }) : t('stage.move', { stage: stage.name })}
            title={stage.name}
            disabled={!editable || saver.saving}
            onClick={() => void move(stage)}
          >
            {stage.name}
          </button>
        ))}
        {finals.length > 0 && (
          <button
            type="button"
            className={classes.stage}
            style={paint(finalCurrent ?? finals[0], inProgress.length)}
            aria-current={finalCurrent ? 'step' : undefined}
            aria-haspopup="dialog"
            disabled={!editable || saver.saving}
            onClick={() => setFinishing(true)}
          >
            {finalCurrent ? finalCurrent.name : t(`stage.finish.${type.name === 'lead' ? 'lead' : 'deal'}`)}
          </button>
        )}
      </div>
      <SaveProblems saver={saver} shown={[stages.field]} keepsDraft={false} />
      {saver.reloaded && (
        <Text size="xs" c="dimmed">
          {t('conflict.reloadedStage')}
        </Text>
      )}
      <FinishDialog opened={finishing} type={type} finals={finals} currentCode={currentCode} saving={saver.saving} onChoose={(stage) => void move(stage)} onClose={() => setFinishing(false)} />
    </Stack>
  );
}
