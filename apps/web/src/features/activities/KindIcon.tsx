import { ThemeIcon } from '@mantine/core';
import { IconCalendarEvent, IconListCheck, IconMail, IconMailForward, IconPhone, IconPhoneIncoming, IconPhoneOutgoing } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Activity, ActivityKind } from './api';

export const kindColors: Record<ActivityKind, string> = { call: 'teal', meeting: 'violet', email: 'blue', todo: 'gray' };

/** "Ligação recebida", "Reunião": the kind as the user reads it, with the direction when there is one. */
export function kindLabel(activity: Pick<Activity, 'kind' | 'direction'>, t: TFunction): string {
  if (activity.kind === 'call' && activity.direction) return t(`activities:directed.${activity.direction === 'incoming' ? 'callIncoming' : 'callOutgoing'}`);
  if (activity.kind === 'email' && activity.direction) return t(`activities:directed.${activity.direction === 'incoming' ? 'emailIncoming' : 'emailOutgoing'}`);
  return t(`activities:kinds.${activity.kind}`);
}

function Glyph({ activity, size }: { activity: Pick<Activity, 'kind' | 'direction'>; size: number }) {
  switch (activity.kind) {
    case 'call':
      return activity.direction === 'incoming' ? <IconPhoneIncoming size={size} aria-hidden /> : activity.direction === 'outgoing' ? <IconPhoneOutgoing size={size} aria-hidden /> : <IconPhone size={size} aria-hidden />;
    case 'meeting':
      return <IconCalendarEvent size={size} aria-hidden />;
    case 'email':
      return activity.direction === 'outgoing' ? <IconMailForward size={size} aria-hidden /> : <IconMail size={size} aria-hidden />;
    default:
      return <IconListCheck size={size} aria-hidden />;
  }
}

/** The kind's icon in its color; named for screen readers ("Ligação realizada"). */
export function KindIcon({ activity, size = 28 }: { activity: Pick<Activity, 'kind' | 'direction'>; size?: number }) {
  const { t } = useTranslation('activities');
  const label = kindLabel(activity, t);
  return (
    <ThemeIcon variant="light" color={kindColors[activity.kind]} size={size} radius="xl" role="img" aria-label={label} title={label}>
      <Glyph activity={activity} size={Math.round(size * 0.6)} />
    </ThemeIcon>
  );
}

/** The bare glyph, for tight places (a calendar event). */
export function KindGlyph({ activity, size = 14 }: { activity: Pick<Activity, 'kind' | 'direction'>; size?: number }) {
  return <Glyph activity={activity} size={size} />;
}
