import { IconCalendarEvent, IconListCheck, IconMail, IconMailForward, IconPhone, IconPhoneIncoming, IconPhoneOutgoing } from '@tabler/icons-react';
import type { Activity } from './types';

/** The glyph of an activity's kind (a call's direction shows on the handset). */
export function ActivityIcon({ activity, size = 16 }: { activity: Pick<Activity, 'kind' | 'direction'>; size?: number }) {
  switch (activity.kind) {
    case 'call':
      if (activity.direction === 'incoming') return <IconPhoneIncoming size={size} aria-hidden />;
      if (activity.direction === 'outgoing') return <IconPhoneOutgoing size={size} aria-hidden />;
      return <IconPhone size={size} aria-hidden />;
    case 'meeting':
      return <IconCalendarEvent size={size} aria-hidden />;
    case 'email':
      return activity.direction === 'outgoing' ? <IconMailForward size={size} aria-hidden /> : <IconMail size={size} aria-hidden />;
    default:
      return <IconListCheck size={size} aria-hidden />;
  }
}
