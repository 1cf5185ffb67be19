import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors';
import { ConflictNotice } from './ConflictNotice';
import { isValidation, problemsElsewhere } from './field-problems';
import type { InlineSave } from './useInlineSave';

/**
 * What a refused save says beyond the messages at its inputs: a conflict with its reload, validation messages about
 * fields not shown here, or any other error in plain words.
 */
export function SaveProblems({ saver, shown, keepsDraft = true }: { saver: InlineSave; shown: string[]; keepsDraft?: boolean }) {
  const { t } = useTranslation('card');
  if (!saver.problem) return null;
  if (saver.conflict) return <ConflictNotice onReload={() => void saver.reload()} reloading={saver.reloading} keepsDraft={keepsDraft} />;
  const messages = isValidation(saver.problem) ? problemsElsewhere(saver.problem, shown) : [errorMessage(saver.problem, t)];
  if (messages.length === 0) return null;
  return (
    <Text size="sm" c="red.8" role="alert">
      {messages.join(' ')}
    </Text>
  );
}
