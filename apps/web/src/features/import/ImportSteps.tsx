import { Stepper, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';

const steps = ['file', 'columns', 'run'] as const;

/**
 * The wizard's three steps above each of its screens: the file, its columns, the import (progress and result).
 * A phone has no room for three labelled steps in a row: it reads "Passo 2 de 3: Colunas".
 */
export function ImportSteps({ active }: { active: 0 | 1 | 2 | 3 }) {
  const { t } = useTranslation('imports');
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  if (phone) {
    const current = Math.min(active, 2);
    return (
      <Text size="sm" c="dimmed" fw={600}>
        {t('steps.of', { step: current + 1, label: t(`steps.${steps[current]}`) })}
      </Text>
    );
  }
  return (
    <Stepper active={active} size="sm" allowNextStepsSelect={false} aria-label={t('title')}>
      <Stepper.Step label={t('steps.file')} description={t('steps.fileHint')} allowStepSelect={false} />
      <Stepper.Step label={t('steps.columns')} description={t('steps.columnsHint')} allowStepSelect={false} />
      <Stepper.Step label={t('steps.run')} description={t('steps.runHint')} allowStepSelect={false} />
    </Stepper>
  );
}
