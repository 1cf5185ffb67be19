import type { Migration } from 'kysely/migration';
import * as initial from './2026-11-22T10-00_initial.ts';
import * as pipelinesStageHistory from './2026-11-22T12-00_pipelines-stage-history.ts';
import * as kanbanOrder from './2026-11-22T14-00_kanban-order.ts';
import * as customFields from './2026-11-22T16-00_custom-fields.ts';
import * as access from './2026-11-22T18-00_access.ts';
import * as binnedIndexes from './2026-11-22T20-30_binned-indexes.ts';
import * as engineHardening from './2026-11-29T10-00_engine-hardening.ts';
import * as searchIndex from './2026-11-29T14-00_search-index.ts';
import * as jobs from './2026-11-29T15-00_jobs.ts';
import * as viewsFilters from './2026-11-29T16-00_views-filters.ts';
import * as auditLog from './2026-11-30T00-20_audit-log.ts';
import * as sessionDetails from './2026-11-30T00-10_session-details.ts';
import * as importExport from './2026-11-30T02-10_import-export.ts';
import * as duplicates from './2026-11-30T02-30_duplicates.ts';
import * as activities from './2026-11-30T10-00_activities.ts';
import * as transferPartsCompression from './2026-11-30T11-00_transfer-parts-compression.ts';
import * as eventDelivery from './2026-11-30T12-00_event-delivery.ts';
import * as webhooksExtra from './2026-11-30T13-00_webhooks-extra.ts';
import * as inboundWebhooks from './2026-11-30T14-00_inbound-webhooks.ts';
import * as bitrixEventHandlers from './2026-11-30T15-00_bitrix-event-handlers.ts';

/** Every migration, by its timestamped name. Add new ones at the end; never edit a landed one. */
export const migrations: Record<string, Migration> = {
  '2026-11-22T10-00_initial': initial,
  '2026-11-22T12-00_pipelines-stage-history': pipelinesStageHistory,
  '2026-11-22T14-00_kanban-order': kanbanOrder,
  '2026-11-22T16-00_custom-fields': customFields,
  '2026-11-22T18-00_access': access,
  '2026-11-22T20-30_binned-indexes': binnedIndexes,
  '2026-11-29T10-00_engine-hardening': engineHardening,
  '2026-11-29T14-00_search-index': searchIndex,
  '2026-11-29T15-00_jobs': jobs,
  '2026-11-29T16-00_views-filters': viewsFilters,
  '2026-11-30T00-10_session-details': sessionDetails,
  '2026-11-30T00-20_audit-log': auditLog,
  '2026-11-30T02-10_import-export': importExport,
  '2026-11-30T02-30_duplicates': duplicates,
  '2026-11-30T10-00_activities': activities,
  '2026-11-30T11-00_transfer-parts-compression': transferPartsCompression,
  '2026-11-30T12-00_event-delivery': eventDelivery,
  '2026-11-30T13-00_webhooks-extra': webhooksExtra,
  '2026-11-30T14-00_inbound-webhooks': inboundWebhooks,
  '2026-11-30T15-00_bitrix-event-handlers': bitrixEventHandlers,
};
