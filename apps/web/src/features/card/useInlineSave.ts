import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { queryKeys } from '../../api/hooks';
import type { Item } from '../../api/types';
import { useReloadItem, useUpdateItem } from './card-api';
import { isVersionConflict } from './field-problems';

/**
 * Saving a part of the card (a field, the title, the stage) with the version the user read. A refusal is kept to be
 * shown where the user was typing; a conflict (someone else saved meanwhile) offers to reload the item, and the
 * caller keeps its draft, so what the user typed survives the reload and can be saved again on the fresh version.
 *
 * An edit started with `begin()` saves with the version the user saw when they started: the card refreshes by itself
 * when someone else changes the item (live updates), and a save on the refreshed version would silently overwrite
 * the change the user has not read. It is a conflict instead, with the reload offered.
 */
export function useInlineSave(plural: string, item: Item) {
  const update = useUpdateItem(plural, item.id);
  const reloadItem = useReloadItem(plural, item.id);
  const [problem, setProblem] = useState<unknown>(null);
  const [reloading, setReloading] = useState(false);
  const [reloaded, setReloaded] = useState(false);
  const client = useQueryClient();
  const readVersion = useRef<number | null>(null);

  const save = async (values: Record<string, unknown>): Promise<boolean> => {
    setProblem(null);
    setReloaded(false);
    try {
      await update.mutateAsync({ values, version: readVersion.current ?? item.version });
      readVersion.current = null;
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
      readVersion.current = client.getQueryData<Item>(queryKeys.item(plural, item.id))?.version ?? null;
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
    readVersion.current = null;
  };

  /** An edit starts: its save will carry the version the user is looking at now. */
  const begin = () => {
    reset();
    readVersion.current = item.version;
  };

  return { save, saving: update.isPending, problem, conflict: isVersionConflict(problem), reload, reloading, reloaded, reset, begin };
}

export type InlineSave = ReturnType<typeof useInlineSave>;
