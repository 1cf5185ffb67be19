import { ApiError } from '../../../api/client';
import type { WebhookKind } from './integrations-api';

/** The item types first, in the order of the app's navigation; other groups follow in the server's order. */
const groupOrder = ['lead', 'contact', 'company', 'deal', 'activity', 'task', 'comment'];

export interface KindGroup {
  /** What comes before the first dot of the kinds (`deal` for `deal.stageMoved`). */
  group: string;
  kinds: WebhookKind[];
}

/** The event kinds grouped by what they happen to (`deal.created`, `deal.stageMoved` → deal), in a stable order. */
export function groupKinds(kinds: WebhookKind[]): KindGroup[] {
  const groups = new Map<string, WebhookKind[]>();
  for (const kind of kinds) {
    const dot = kind.kind.indexOf('.');
    const group = dot > 0 ? kind.kind.slice(0, dot) : kind.kind;
    const list = groups.get(group);
    if (list) list.push(kind);
    else groups.set(group, [kind]);
  }
  const rank = (group: string) => {
    const index = groupOrder.indexOf(group);
    return index === -1 ? groupOrder.length : index;
  };
  // Map keeps the server's order among the groups the list above does not name; sort is stable.
  return [...groups.entries()].map(([group, list]) => ({ group, kinds: list })).sort((a, b) => rank(a.group) - rank(b.group));
}

/** The selection with every kind of a group added (`on`) or taken out, the other groups untouched. */
export function toggleGroup(selected: string[], group: KindGroup, on: boolean): string[] {
  const kinds = group.kinds.map((kind) => kind.kind);
  if (!on) return selected.filter((kind) => !kinds.includes(kind));
  return [...selected, ...kinds.filter((kind) => !selected.includes(kind))];
}

/** How much of a group is chosen: a group checkbox is ticked, empty or in between. */
export function groupState(selected: string[], group: KindGroup): 'all' | 'some' | 'none' {
  const chosen = group.kinds.filter((kind) => selected.includes(kind.kind)).length;
  if (chosen === 0) return 'none';
  return chosen === group.kinds.length ? 'all' : 'some';
}

export type WebhookField = 'url' | 'description' | 'kinds';

/** What the form can tell before asking the server: message keys by field. */
export function checkWebhookForm(input: { url: string; kinds: string[] }): Partial<Record<WebhookField, 'urlRequired' | 'urlInvalid' | 'kindsRequired'>> {
  const problems: Partial<Record<WebhookField, 'urlRequired' | 'urlInvalid' | 'kindsRequired'>> = {};
  const url = input.url.trim();
  if (url === '') problems.url = 'urlRequired';
  else if (!isWebUrl(url)) problems.url = 'urlInvalid';
  if (input.kinds.length === 0) problems.kinds = 'kindsRequired';
  return problems;
}

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * The server's refusal split for the form: messages for the fields it names (`kinds.2` belongs to kinds), and
 * whatever names no field of the form, shown above the buttons. Null when the error is not the server's refusal.
 */
export function webhookRefusal(error: unknown): { fields: Partial<Record<WebhookField, string>>; other: string[] } | null {
  if (!(error instanceof ApiError) || error.fieldIssues.length === 0) return null;
  const fields: Partial<Record<WebhookField, string>> = {};
  const other: string[] = [];
  for (const issue of error.fieldIssues) {
    const root = issue.field.split('.')[0];
    if (root === 'url' || root === 'description' || root === 'kinds') fields[root] ??= issue.message;
    else other.push(issue.message);
  }
  return { fields, other };
}

/** Hosts as an administrator types them (`API.Example.com.`, ` 10.0.0.5 `): trimmed, lower case, no final dot, each once. */
export function normalizeHosts(hosts: string[]): string[] {
  const result: string[] = [];
  for (const host of hosts) {
    const clean = host.trim().toLowerCase().replace(/\.$/, '');
    if (clean !== '' && !result.includes(clean)) result.push(clean);
  }
  return result;
}
