import type { Me } from '../../api/types';

/** The parts of the settings, in the order of their navigation. Users, departments, roles, the audit log, webhooks (outgoing and inbound) and background jobs are the administrators'. */
export const settingsSections = [
  { path: '/settings/lists', key: 'lists', adminOnly: false },
  { path: '/settings/pipelines', key: 'pipelines', adminOnly: false },
  { path: '/settings/fields', key: 'fields', adminOnly: false },
  { path: '/settings/currencies', key: 'currencies', adminOnly: false },
  { path: '/settings/crm-mode', key: 'crmMode', adminOnly: false },
  { path: '/settings/users', key: 'users', adminOnly: true },
  { path: '/settings/departments', key: 'departments', adminOnly: true },
  { path: '/settings/roles', key: 'roles', adminOnly: true },
  { path: '/settings/audit', key: 'audit', adminOnly: true },
  { path: '/settings/webhooks', key: 'webhooks', adminOnly: true },
  // Everyone's, for an administrator; each user has theirs in the profile (features/inbound-webhooks).
  { path: '/settings/inbound-webhooks', key: 'inboundWebhooks', adminOnly: true },
  { path: '/settings/jobs', key: 'jobs', adminOnly: true },
] as const;

export type SettingsSection = (typeof settingsSections)[number];

/** The sections this user may open: none for a user who may not change settings. */
export function sectionsFor(me: Pick<Me, 'isAdmin' | 'mayConfigure'>): SettingsSection[] {
  if (!me.mayConfigure && !me.isAdmin) return [];
  return settingsSections.filter((section) => !section.adminOnly || me.isAdmin);
}
