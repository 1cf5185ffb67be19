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
  contact_companies: { contact_id: number; company_id: number; sort: number };
  deal_contacts: { deal_id: number; contact_id: number; sort: number };
}

export type Db = Kysely<SystemTables>;
export type DialectName = 'sqlite' | 'postgres';
