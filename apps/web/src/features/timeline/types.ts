/** The shapes of the activity, comment and timeline answers (docs/api.md, "Activities, comments, timeline…"). */

export type ActivityKind = 'call' | 'meeting' | 'email' | 'todo';
export type ActivityDirection = 'incoming' | 'outgoing';
export type ActivityPriority = 'low' | 'normal' | 'high';
export type ItemTypeName = 'lead' | 'contact' | 'company' | 'deal';

export interface ItemRef {
  type: ItemTypeName;
  id: number;
  title: string;
}

export interface Activity {
  id: number;
  kind: ActivityKind;
  direction: ActivityDirection | null;
  subject: string;
  description: string | null;
  deadline: string | null;
  startAt: string | null;
  endAt: string | null;
  durationSeconds: number | null;
  result: string | null;
  place: string | null;
  responsibleId: number;
  priority: ActivityPriority;
  completed: boolean;
  completedAt: string | null;
  remindAt: string | null;
  owner: ItemRef;
  items: ItemRef[];
  createdById: number | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** What the activity form sends: POST takes `kind` and `owner` too, PATCH any of the rest. */
export interface ActivityInput {
  kind?: ActivityKind;
  owner?: { type: ItemTypeName; id: number };
  direction?: ActivityDirection | null;
  subject?: string;
  description?: string | null;
  deadline?: string | null;
  startAt?: string | null;
  endAt?: string | null;
  place?: string | null;
  responsibleId?: number;
  priority?: ActivityPriority;
  remindAt?: string | null;
  completed?: boolean;
  version?: number;
}

export interface Comment {
  id: number;
  itemType: ItemTypeName;
  itemId: number;
  text: string;
  /** Null when the author's account is gone. */
  author: { id: number; name: string } | null;
  mentions: Array<{ id: number; name: string }>;
  createdAt: string;
  updatedAt: string;
}

export type TaskStatus = 'new' | 'inProgress' | 'waiting' | 'done' | 'deferred';

export interface ChecklistEntry {
  id: number;
  text: string;
  done: boolean;
}

export interface Task {
  id: number;
  title: string;
  description: string | null;
  status: TaskStatus;
  deadline: string | null;
  responsibleId: number;
  coworkerIds: number[];
  observerIds: number[];
  checklist: ChecklistEntry[];
  items: ItemRef[];
  /** Null when the creator's account is gone. */
  createdById: number | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  version: number;
}

export interface TimelineHistoryEvent {
  eventId: number;
  type: 'created' | 'updated' | 'converted' | 'merged' | 'deleted' | 'restored' | string;
  author: { id: number; name: string } | null;
  changes: Array<{ field: string; fieldLabel: string; oldValue: unknown; newValue: unknown }>;
  /** What a creation, conversion, merge or deletion says as a whole (`{contactId, dealId}`, `{mergedIds}`, `{mergedInto}`). */
  summary?: Record<string, unknown> | null;
}

export type TimelineEntry =
  | { kind: 'activity'; date: string; activity: Activity }
  | { kind: 'comment'; date: string; comment: Comment }
  | { kind: 'task'; date: string; task: Task }
  | { kind: 'history'; date: string; event: TimelineHistoryEvent };

export type TimelineKind = TimelineEntry['kind'];

export interface TimelinePage {
  planned: Activity[];
  items: TimelineEntry[];
  nextCursor: string | null;
}
