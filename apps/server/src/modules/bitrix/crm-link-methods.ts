import type { ItemTypeName } from '@vinculo/shared';
import { getItem, updateItem } from '../items/item.service.ts';
import { invalidArgument } from './bitrix-errors.ts';
import type { BitrixCall, MethodTable } from './bitrix-methods.ts';
import { objectParam, param } from './bitrix-params.ts';
import { asList } from './bitrix-values.ts';
import { idOf, withBitrixErrors } from './crm-entity-methods.ts';

/**
 * The link methods: `crm.deal.contact.items.*`, `crm.contact.company.items.*`, `crm.company.contact.items.*`
 * (`items.get`, `items.set`, `items.delete` for all of them; `add` and `delete` for one; `fields`). Each reads and writes the item's link field (a deal's `contactIds`…) through the item
 * services, so rights, hidden fields and the checks of the linked ids are the native API's. The first link is the
 * primary one; `SORT` orders a `set`.
 */

interface Link {
  /** The method prefix, e.g. `crm.deal.contact`. */
  prefix: string;
  owner: ItemTypeName;
  /** The owner's link field. */
  field: string;
  /** The key naming the linked item in Bitrix24's entries: `CONTACT_ID`, `COMPANY_ID`. */
  key: string;
}

const links: Link[] = [
  { prefix: 'crm.deal.contact', owner: 'deal', field: 'contactIds', key: 'CONTACT_ID' },
  { prefix: 'crm.contact.company', owner: 'contact', field: 'companyIds', key: 'COMPANY_ID' },
  { prefix: 'crm.company.contact', owner: 'company', field: 'contactIds', key: 'CONTACT_ID' },
];

/** The linked ids the caller reads on the item (a hidden link field reads as none, and cannot be written). */
async function linkedIds(call: BitrixCall, link: Link, id: number): Promise<number[]> {
  const item = await getItem(call.caller.ctx, link.owner, id);
  return (item[link.field] as number[] | undefined) ?? [];
}

/** One entry's linked id, from `{CONTACT_ID: 5}` (any case of the key, a number or a string). */
function entryId(link: Link, entry: unknown): number {
  const record = entry && typeof entry === 'object' ? (entry as Record<string, unknown>) : {};
  const raw = param(record, link.key);
  const id = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,10}$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isInteger(id) || id <= 0) throw invalidArgument(`${link.key} is not defined or invalid.`);
  return id;
}

async function write(call: BitrixCall, link: Link, id: number, ids: number[]) {
  await updateItem(call.caller.ctx, link.owner, id, { [link.field]: [...new Set(ids)] });
  return { result: true };
}

function linkMethods(link: Link): MethodTable {
  const isPrimary = (index: number) => (index === 0 ? 'Y' : 'N');
  return withBitrixErrors(link.owner, {
    [`${link.prefix}.items.get`]: {
      scope: 'crm',
      run: async (call) => ({
        result: (await linkedIds(call, link, idOf(call))).map((other, index) => ({ [link.key]: other, SORT: (index + 1) * 10, ROLE_ID: 0, IS_PRIMARY: isPrimary(index) })),
      }),
    },
    [`${link.prefix}.items.set`]: {
      scope: 'crm',
      run: async (call) => {
        const id = idOf(call);
        const entries = asList(param(call.params, 'items')).map((entry, index) => {
          const record = (entry && typeof entry === 'object' ? entry : {}) as Record<string, unknown>;
          const sort = Number(param(record, 'SORT'));
          const primary = String(param(record, 'IS_PRIMARY') ?? '').toUpperCase() === 'Y';
          return { id: entryId(link, entry), sort: Number.isFinite(sort) ? sort : (index + 1) * 10, primary, index };
        });
        // The primary one first, then by SORT, then as given.
        entries.sort((a, b) => Number(b.primary) - Number(a.primary) || a.sort - b.sort || a.index - b.index);
        return write(call, link, id, entries.map((e) => e.id));
      },
    },
    [`${link.prefix}.add`]: {
      scope: 'crm',
      run: async (call) => {
        const id = idOf(call);
        const fields = objectParam(call.params, 'fields');
        const other = entryId(link, fields);
        const current = await linkedIds(call, link, id);
        const primary = String(param(fields, 'IS_PRIMARY') ?? '').toUpperCase() === 'Y';
        const rest = current.filter((c) => c !== other);
        return write(call, link, id, primary ? [other, ...rest] : current.includes(other) ? current : [...current, other]);
      },
    },
    [`${link.prefix}.delete`]: {
      scope: 'crm',
      run: async (call) => {
        const id = idOf(call);
        const other = entryId(link, objectParam(call.params, 'fields'));
        return write(call, link, id, (await linkedIds(call, link, id)).filter((c) => c !== other));
      },
    },
    // Bitrix24's `items.delete` unlinks them all.
    [`${link.prefix}.items.delete`]: {
      scope: 'crm',
      run: async (call) => {
        const id = idOf(call);
        await linkedIds(call, link, id);
        return write(call, link, id, []);
      },
    },
    [`${link.prefix}.fields`]: {
      scope: 'crm',
      run: async ({ caller }) => {
        const title = (en: string, pt: string) => (caller.ctx.locale === 'en' ? en : pt);
        const other = link.key === 'CONTACT_ID' ? 'contact' : 'company';
        const describe = (type: string, text: string) => ({ type, isRequired: false, isReadOnly: false, isImmutable: false, isMultiple: false, isDynamic: false, title: text });
        return {
          result: {
            [link.key]: { ...describe(`crm_${other}`, other === 'contact' ? title('Contact', 'Contato') : title('Company', 'Empresa')), isRequired: true },
            SORT: describe('integer', title('Sort', 'Ordem')),
            ROLE_ID: describe('integer', title('Role', 'Papel')),
            IS_PRIMARY: describe('char', title('Primary', 'Principal')),
          },
        };
      },
    },
  });
}

export const crmLinkMethods: MethodTable = Object.assign({}, ...links.map(linkMethods));
