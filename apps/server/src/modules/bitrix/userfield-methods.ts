import type { MethodTable } from './bitrix-methods.ts';

/** `crm.lead|deal|contact|company.userfield.* and crm.userfield.*` (bitrix24-rest.md). */
export const userfieldMethods: MethodTable = {};
