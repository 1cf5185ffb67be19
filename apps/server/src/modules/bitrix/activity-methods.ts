import type { MethodTable } from './bitrix-methods.ts';

/** `crm.activity.*` (bitrix24-rest.md). */
export const activityMethods: MethodTable = {};
