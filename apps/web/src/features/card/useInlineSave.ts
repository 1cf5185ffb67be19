import { useState } from 'react';
import type { Item } from '../../api/types';
import { useReloadItem, useUpdateItem } from './card-api';
import { isVersionConflict } from './field-problems';

/**
 * Saving a part of the card (a field, the title, the stage) with the version the user read. A refusal is kept to be
 * shown where the user was typing; a conflict (someone else saved meanwhile) offers to reload the item, and the
 * caller keeps its draft, so what the user typed survives the reload and can be saved again on the fresh version.
 */
export function useInlineSave(plural: string, item: Item) {
  const update = useUpdateItem(plural, item.id);
  const reloadItem = useReloadItem(plural, item.id);
  const [problem, setProblem] = useState<unknown>(null);
  const [reloading, setReloading] = useState(false);
  const [reloaded, setReloaded] = useState(false);

  const save = async (values: Record<string, unknown>): Promise<boolean> => {
    setProblem(null);
    setReloaded(false);
    try {
      await update.mutateAsync({ values, version: item.version });
      return true;
    } catch (error) {
      setProblem(error);
      return false;
    }
  };

  const reload = async () => {
    setReloading(true);
    try {
      await reloadItem();
      setProblem(null);
      setReloaded(true);
    } catch (error) {
      setProblem(error);
    } finally {
      setReloading(false);
    }
  };

  const reset = () => {
    setProblem(null);
    setReloaded(false);
  };

  return { save, saving: update.isPending, problem, conflict: isVersionConflict(problem), reload, reloading, reloaded, reset };
}

export type InlineSave = ReturnType<typeof useInlineSave>;
