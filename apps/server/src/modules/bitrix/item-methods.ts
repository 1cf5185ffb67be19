import type { MethodTable } from './bitrix-methods.ts';

/** `crm.item.*` (bitrix24-rest.md). */
export const itemMethods: MethodTable = {};
