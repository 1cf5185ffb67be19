import { foldText, translate } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { allPipelines } from '../pipelines/pipeline.repository.ts';
import type { Lookups } from './cell-parsing.ts';

/**
 * The names an import resolves, loaded once per import: every reference list and the stages of each pipeline, the
 * pipelines, the currencies and the active users. Names match folded (case and accents), in either language.
 */
export async function loadLookups(ctx: Context, dayFirst: boolean): Promise<Lookups> {
  const lists = new Map<string, Map<string, string>>();
  const values = await ctx.db.selectFrom('reference_items').select(['list_id', 'code', 'name_en', 'name_pt', 'category_id']).orderBy('sort').execute();
  for (const value of values) {
    const listKey = value.list_id === 'DEAL_STAGE' ? `DEAL_STAGE:${value.category_id ?? 0}` : value.list_id;
    if (!lists.has(listKey)) lists.set(listKey, new Map());
    const names = lists.get(listKey)!;
    // A code is exact; a name may be shared by two values: the first in the list's order wins.
    for (const key of [value.code, value.name_pt, value.name_en]) {
      const folded = foldText(key);
      if (!names.has(folded)) names.set(folded, value.code);
    }
    // Lists name their values in the plural ("Clientes", "Fornecedores"); a cell says "Cliente", "Fornecedor".
    for (const key of [value.name_pt, value.name_en]) {
      for (const singular of singulars(foldText(key))) if (!names.has(singular)) names.set(singular, value.code);
    }
    // A stage code of another pipeline keeps its `C3:` prefix; people write it without.
    const bare = value.code.replace(/^C\d+:/, '');
    if (!names.has(foldText(bare))) names.set(foldText(bare), value.code);
  }

  const pipelines = new Map<string, number>();
  let defaultPipelineId = 0;
  for (const pipeline of await allPipelines(ctx.db)) {
    const id = Number(pipeline.id);
    if (pipeline.is_default) defaultPipelineId = id;
    const names = pipeline.name === null ? [translate('pt-BR', 'pipeline.general'), translate('en', 'pipeline.general')] : [pipeline.name];
    for (const name of [...names, String(id)]) if (!pipelines.has(foldText(name))) pipelines.set(foldText(name), id);
  }

  const currencies = new Map<string, string>();
  let baseCurrency = 'BRL';
  for (const currency of await ctx.db.selectFrom('currencies').select(['code', 'name_en', 'name_pt', 'is_base']).execute()) {
    if (currency.is_base) baseCurrency = currency.code;
    for (const key of [currency.code, currency.name_en, currency.name_pt]) if (!currencies.has(foldText(key))) currencies.set(foldText(key), currency.code);
  }

  const users = new Map<string, number>();
  const ambiguous = new Set<string>();
  const userIds = new Set<number>();
  for (const user of await ctx.db.selectFrom('users').select(['id', 'email', 'name']).where('is_active', '=', 1).execute()) {
    const id = Number(user.id);
    userIds.add(id);
    users.set(foldText(user.email), id);
    const name = foldText(user.name.trim());
    if (users.has(name) && users.get(name) !== id) ambiguous.add(name);
    else users.set(name, id);
  }
  for (const name of ambiguous) users.delete(name);

  return { lists, pipelines, defaultPipelineId, currencies, baseCurrency, users, userIds, dayFirst };
}

/** The singular forms a plural name may have: `clientes` → `cliente`, `fornecedores` → `fornecedor`. */
function singulars(name: string): string[] {
  const forms: string[] = [];
  if (/[^s]s$/.test(name)) forms.push(name.slice(0, -1));
  if (/(r|z|l)es$/.test(name)) forms.push(name.slice(0, -2));
  return forms;
}
