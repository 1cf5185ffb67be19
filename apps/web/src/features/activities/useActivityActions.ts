import { useTranslation } from 'react-i18next';
import type { Locale } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { notifyError, notifySuccess } from '../../lib/notify';
import { reschedulePatch, useUpdateActivity, type Activity } from './api';
import { formatDeadline } from './format';

/** Completing, reopening and rescheduling in one click each, with a notice of what happened (or why not). */
export function useActivityActions() {
  const { t, i18n } = useTranslation('activities');
  const locale = i18n.language as Locale;
  const update = useUpdateActivity();
  const run = async (activity: Activity, patch: Parameters<typeof update.mutateAsync>[0]['patch'], done: string) => {
    try {
      await update.mutateAsync({ id: activity.id, patch });
      notifySuccess(done);
    } catch (error) {
      notifyError(t('notices.failed'), errorMessage(error, t));
    }
  };
  return {
    busyId: update.isPending ? update.variables?.id : undefined,
    complete: (activity: Activity) => run(activity, { completed: true, version: activity.version }, t('notices.completed')),
    reopen: (activity: Activity) => run(activity, { completed: false, version: activity.version }, t('notices.reopened')),
    reschedule: (activity: Activity, when: Date) => run(activity, reschedulePatch(activity, when), t('notices.rescheduled', { date: formatDeadline(when.toISOString(), locale) })),
  };
}
