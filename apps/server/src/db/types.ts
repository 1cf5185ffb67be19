import type { Generated, Kysely } from 'kysely';

/** Tables with a fixed shape. Item tables are described by metadata and queried through the item engine. */
export interface SystemTables {
  users: {
    id: Generated<number>;
    email: string;
    name: string;
    password_hash: string | null;
    is_admin: number;
    is_active: number;
    locale: string;
    created_at: string;
    updated_at: string;
  };
  sessions: {
    id_hash: string;
    user_id: number;
    created_at: string;
    last_seen_at: string;
    expires_at: string;
    /** Names the session in the API; never the secret. */
    public_id: string;
    user_agent: string | null;
    address: string | null;
  };
  api_tokens: {
    id: Generated<number>;
    user_id: number;
    name: string;
    token_hash: string;
    prefix: string;
    created_at: string;
    last_used_at: string | null;
    revoked_at: string | null;
  };
  app_settings: { key: string; value: string };
  events: {
    id: Generated<number>;
    occurred_at: string;
    type: string;
    entity_type: string;
    entity_id: number;
    actor_id: number | null;
    changes: string;
    dispatched_at: string | null;
    /** PostgreSQL only: the writing transaction (xid8, as text when read); see modules/events/event-feed.ts. */
    tx_id?: string | null;
  };
  multifields: {
    id: Generated<number>;
    entity_type: string;
    entity_id: number;
    kind: string;
    value_type: string;
    value: string;
    value_normalized: string;
    sort: number;
  };
  reference_items: {
    id: Generated<number>;
    list_id: string;
    code: string;
    name_en: string;
    name_pt: string;
    sort: number;
    semantic: string | null;
    color: string | null;
    category_id: number | null;
  };
  currencies: {
    code: string;
    name_en: string;
    name_pt: string;
    is_base: number;
    rate: string;
    decimals: number;
    sort: number;
  };
  custom_fields: {
    id: Generated<number>;
    entity_type: string;
    name: string;
    column_name: string;
    type: string;
    label_en: string;
    label_pt: string;
    is_required: number;
    is_multiple: number;
    show_in_list: number;
    is_filterable: number;
    is_sortable: number;
    default_value: string | null;
    settings: string;
    sort: number;
    created_at: string;
  };
  custom_field_enums: { id: Generated<number>; field_id: number; value: string; sort: number; is_default: number };
  custom_field_values: { field_id: number; entity_id: number; value: number; sort: number };
  files: {
    id: Generated<number>;
    name: string;
    content_type: string;
    size: number;
    sha256: string;
    data: Uint8Array;
    created_by_id: number | null;
    created_at: string;
  };
  /** Which items and file fields hold each file: who may read it follows from them. */
  file_links: { file_id: number; entity_type: string; entity_id: number; field_id: number };
  card_layouts: { entity_type: string; layout: string; updated_at: string };
  /** Failed sign-ins per account and address, for throttling (R9). */
  login_failures: { id: Generated<number>; email: string; address: string; failed_at: string };
  departments: { id: Generated<number>; name: string; parent_id: number | null; head_user_id: number | null; sort: number };
  user_departments: { user_id: number; department_id: number };
  roles: { id: Generated<number>; name: string; permissions: string; may_change_settings: number; created_at: string; updated_at: string };
  role_assignments: { id: Generated<number>; role_id: number; user_id: number | null; department_id: number | null };
  contact_companies: { contact_id: number; company_id: number; sort: number };
  deal_contacts: { deal_id: number; contact_id: number; sort: number };
  /** Background jobs (group actions), claimed by app servers under a lease; see modules/jobs. */
  jobs: {
    id: Generated<number>;
    kind: string;
    type: string;
    action: string;
    created_by_id: number;
    status: Generated<'queued' | 'running' | 'done' | 'failed' | 'cancelled'>;
    params: string;
    total: number;
    processed: Generated<number>;
    succeeded: Generated<number>;
    refused: Generated<number>;
    refusals: Generated<string>;
    error: string | null;
    lease_owner: string | null;
    lease_expires_at: string | null;
    created_at: string;
    started_at: string | null;
    finished_at: string | null;
    /** Unexpected failures so far; the job is tried again after a back-off until `maxJobAttempts`. */
    attempts: Generated<number>;
    run_after: string | null;
    /** Set when the job failed too often: it is on the dead-letter list (admins may retry it). */
    dead_at: string | null;
    last_error: string | null;
  };
  /** Files uploaded for an import or written by an export, kept in parts; see modules/transfer-files. */
  transfer_files: {
    id: Generated<number>;
    purpose: 'import' | 'export';
    name: string;
    content_type: string;
    size: Generated<number>;
    parts: Generated<number>;
    created_by_id: number | null;
    created_at: string;
    expires_at: string;
  };
  transfer_file_parts: { file_id: number; part: number; data: Uint8Array };
  /** The staged rows of an import and what became of each; see modules/import. */
  import_rows: { job_id: number; row_no: number; cells: string; outcome: string | null; item_id: number | null; reason: string | null; previous: string | null };
  /** The column mapping a user chose for a file's header, per item type; see modules/import. */
  import_mappings: { user_id: number; entity_type: string; header_key: string; mapping: string; updated_at: string };
  /** A duplicate scan's findings: one row per item of a group of likely duplicates; see modules/duplicates. */
  duplicate_members: { job_id: number; group_no: number; entity_id: number; criterion: string; match_key: string };
  /** The groups of a duplicate scan (the id the review API names them by). */
  duplicate_groups: { id: Generated<number>; job_id: number; group_no: number; entity_type: string; criterion: string; match_key: string; size: number };
  /** The scan whose groups each item type shows. */
  duplicate_scans: { entity_type: string; job_id: number; finished_at: string };
  /** Groups a user said are not duplicates, and their items. */
  duplicate_dismissals: { id: Generated<number>; entity_type: string; criterion: string; match_key: string; dismissed_by_id: number | null; dismissed_at: string };
  duplicate_dismissal_members: { dismissal_id: number; entity_id: number };
  /** Who changed settings, users, roles and tokens, and every sign-in (R11); see modules/audit. */
  audit_log: {
    id: Generated<number>;
    at: string;
    actor_id: number | null;
    kind: string;
    target_type: string | null;
    target_id: string | null;
    details: Generated<string>;
    ip: string | null;
  };
  /** One reading position in the outbox per listener (modules/events/dispatcher.ts). */
  event_consumers: {
    name: string;
    position_tx: string | null;
    position_id: Generated<number>;
    lease_owner: string | null;
    lease_expires_at: string | null;
    attempts: Generated<number>;
    retry_at: string | null;
    last_error: string | null;
    delivered: Generated<number>;
    created_at: string;
  };
  /** Outgoing webhooks (modules/webhooks). */
  webhooks: {
    id: Generated<number>;
    url: string;
    description: Generated<string>;
    kinds: string;
    secret: string;
    owner_id: number;
    status: Generated<'active' | 'paused'>;
    failures: Generated<number>;
    paused_reason: string | null;
    /** PostgreSQL: the snapshot it was registered in; events it saw are not delivered (migration 2026-11-30T13-00). */
    start_snapshot: string | null;
    created_at: string;
    updated_at: string;
  };
  webhook_deliveries: {
    id: Generated<number>;
    webhook_id: number;
    event_id: number;
    kind: string;
    attempt: number;
    status: 'delivered' | 'failed' | 'skipped';
    response_code: number | null;
    error: string | null;
    duration_ms: number;
    created_at: string;
  };
  /** When each periodic task is next due (modules/worker/periodic.ts). */
  periodic_runs: { name: string; next_run_at: string; last_run_at: string | null; last_owner: string | null };
  /** Bitrix24-style inbound webhooks (modules/bitrix). */
  inbound_webhooks: {
    id: Generated<number>;
    user_id: number;
    name: string;
    code_hash: string;
    code_hint: string;
    scopes: string;
    created_by_id: number | null;
    created_at: string;
    last_used_at: string | null;
    revoked_at: string | null;
  };
  /** Bitrix24-style event handlers bound through an inbound webhook (modules/bitrix/bitrix-events.ts). */
  bitrix_event_handlers: {
    id: Generated<number>;
    inbound_webhook_id: number;
    user_id: number;
    event: string;
    handler: string;
    application_token: string;
    created_at: string;
  };
}

export type Db = Kysely<SystemTables>;
export type DialectName = 'sqlite' | 'postgres';
