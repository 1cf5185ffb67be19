import type { TFunction } from 'i18next';
import type { AppNotification } from './api';

const plurals = { lead: 'leads', contact: 'contacts', company: 'companies', deal: 'deals' } as const;

/** Where a notification leads: the item's card, the task, or "Minhas atividades". */
export type NotificationTarget =
  | { to: '/$type/$id'; params: { type: (typeof plurals)[keyof typeof plurals]; id: number } }
  | { to: '/tasks/$taskId'; params: { taskId: number } }
  | { to: '/activities' }
  | { to: '/settings/webhooks/$webhookId'; params: { webhookId: number } }
  | { to: '/settings/webhooks' }
  | null;

export interface NotificationWording {
  /** The sentence: "Ana mencionou você em Negócio Renovação anual". */
  text: string;
  /** A second line: the comment's excerpt, or the item an activity or task concerns. */
  detail: string | null;
  target: NotificationTarget;
}

/** "Negócio Renovação anual": the type as the user names it, then the title. */
function itemPhrase(item: NonNullable<AppNotification['item']>, t: TFunction): string {
  return `${t(`common:types.${item.type}`)} ${item.title}`;
}

function itemTarget(item: AppNotification['item']): NotificationTarget {
  return item && plurals[item.type] ? { to: '/$type/$id', params: { type: plurals[item.type], id: item.id } } : null;
}

/** Each kind in words, in the user's language, with where clicking it goes. */
export function notificationWording(notification: AppNotification, t: TFunction): NotificationWording {
  const actor = notification.actor?.name ?? t('notifications:someone');
  const { item, activity, task, comment } = notification;
  const itemLine = item ? itemPhrase(item, t) : null;
  switch (notification.kind) {
    case 'mention':
      return {
        text: item ? t('notifications:kinds.mention', { actor, item: itemLine }) : t('notifications:kinds.mentionNoItem', { actor }),
        detail: comment?.excerpt ?? null,
        target: itemTarget(item),
      };
    case 'activityAssigned':
      return {
        text: t('notifications:kinds.activityAssigned', { subject: activity?.subject ?? '' }),
        detail: itemLine ? (notification.actor ? t('notifications:detail.byOn', { actor, item: itemLine }) : itemLine) : notification.actor ? t('notifications:detail.by', { actor }) : null,
        target: itemTarget(item) ?? { to: '/activities' },
      };
    case 'activityDue':
      return { text: t('notifications:kinds.activityDue', { subject: activity?.subject ?? '' }), detail: itemLine, target: itemTarget(item) ?? { to: '/activities' } };
    case 'itemAssigned':
      return { text: item ? t('notifications:kinds.itemAssigned', { actor, item: itemLine }) : t('notifications:kinds.itemAssignedGone', { actor }), detail: null, target: itemTarget(item) };
    case 'taskAssigned':
      return {
        text: t('notifications:kinds.taskAssigned', { title: task?.title ?? '' }),
        detail: notification.actor ? t('notifications:detail.by', { actor }) : null,
        target: task ? { to: '/tasks/$taskId', params: { taskId: task.id } } : null,
      };
    case 'webhookPaused': {
      // Told to administrators: the webhook's page (its delivery log says why), or the list when it is gone.
      const { webhook } = notification;
      return {
        text: t('notifications:kinds.webhookPaused', { url: webhook?.url ?? '' }),
        detail: null,
        target: webhook ? { to: '/settings/webhooks/$webhookId', params: { webhookId: webhook.id } } : { to: '/settings/webhooks' },
      };
    }
    default:
      return { text: t('notifications:kinds.other'), detail: itemLine, target: itemTarget(item) };
  }
}
