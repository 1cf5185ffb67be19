import { bumpCounter, readSetting } from '../../db/app-settings.ts';
import type { Db } from '../../db/types.ts';

/**
 * The version of everything access depends on: roles, their assignments, departments, memberships, users'
 * active flag. Every such change bumps it in its own transaction; each process compares it per request and
 * recompiles a user's access when it moved (see access.service.ts).
 */
export const bumpAccessVersion = (db: Db) => bumpCounter(db, 'access_version');

export const accessVersion = async (db: Db) => (await readSetting(db, 'access_version')) ?? '0';
