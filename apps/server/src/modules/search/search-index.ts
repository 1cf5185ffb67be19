import type { ItemTypeDef } from '@vinculo/shared';
import type { Context } from '../../context.ts';

/**
 * The global search index, kept in the write's transaction. Called by the engine's write step for every item it
 * creates (`changedFields` undefined) or changes (the names of the fields that changed), and before items are purged. (To be filled in: issue 11's global search.)
 */
export async function indexItems(_ctx: Context, _type: ItemTypeDef, _ids: number[], _changedFields?: string[]): Promise<void> {}

/** Removes purged items from the index. */
export async function unindexItems(_ctx: Context, _type: ItemTypeDef, _ids: number[]): Promise<void> {}
