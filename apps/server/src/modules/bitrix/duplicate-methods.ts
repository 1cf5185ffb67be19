import { normalizeMultifield, type ItemTypeName } from '@vinculo/shared';
import { holdersOf } from '../duplicates/duplicate-check.service.ts';
import { scopedReader } from '../items/item-reader.ts';
import { BitrixError } from './bitrix-errors.ts';
import type { MethodTable } from './bitrix-methods.ts';
import { listParam, param } from './bitrix-params.ts';

/**
 * `crm.duplicate.findbycomm` (bitrix24-rest.md §9): the leads, contacts and companies holding any of up to 20 phones
 * or e-mails, compared normalised (E.164 phones, lower-cased e-mails) as the duplicate control compares them, among
 * the items the webhook's user may read. `{"CONTACT": [275, 2297]}`, types without a match left out, `[]` for none.
 */

const types: Record<string, ItemTypeName> = { LEAD: 'lead', CONTACT: 'contact', COMPANY: 'company' };
const kinds: Record<string, 'phone' | 'email'> = { PHONE: 'phone', EMAIL: 'email' };
/** Bitrix24 stops at 20 matches of one type and leaves the other types out. */
const enough = 20;

export const duplicateMethods: MethodTable = {
  'crm.duplicate.findbycomm': {
    scope: 'crm',
    run: async ({ caller, params }) => {
      const kindName = String(param(params, 'type') ?? '').toUpperCase();
      if (!kindName) throw new BitrixError(400, 'Communication type is not defined', 'Communication type is not defined');
      const kind = kinds[kindName];
      if (!kind) throw new BitrixError(400, `Communication type '${kindName}' is not supported in current context`, `Communication type '${kindName}' is not supported in current context`);
      const values = listParam(params, 'values') ?? [];
      if (values.length === 0) throw new BitrixError(400, 'Communication values is not defined', 'Communication values is not defined');
      if (values.length > 20) throw new BitrixError(400, 'INVALID_ARG_VALUE', 'At most 20 values may be looked for at once');
      const entityType = param(params, 'entity_type');
      const wanted = entityType === undefined || entityType === '' ? Object.keys(types) : [String(entityType).toUpperCase()];
      if (wanted.some((name) => !types[name])) throw new BitrixError(400, 'INVALID_ARG_VALUE', `Entity type '${String(entityType)}' is not supported`);
      const normalized = [...new Set(values.map((value) => normalizeMultifield(kind, value)).filter((value): value is string => value !== null))];
      const reader = scopedReader(caller.ctx);
      const result: Record<string, number[]> = {};
      for (const name of wanted) {
        const holders = await holdersOf(reader, types[name], kind, normalized);
        const ids = [...new Set([...holders.values()].flat())].sort((a, b) => a - b);
        if (ids.length === 0) continue;
        result[name] = ids;
        if (ids.length >= enough) return { result: { [name]: ids } };
      }
      return { result: Object.keys(result).length === 0 ? [] : result };
    },
  },
};
