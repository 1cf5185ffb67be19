import { bitrixDateTime } from './bitrix-envelope.ts';
import type { MethodTable } from './bitrix-methods.ts';

/** The basic methods every webhook may call: who am I, which methods and scopes, the server's time. */

const y = (flag: boolean) => (flag ? 'Y' : 'N');

/** First and last name as Bitrix24 keeps them apart (Vínculo keeps one name). */
function splitName(name: string): { NAME: string; LAST_NAME: string } {
  const parts = name.trim().split(/\s+/);
  return { NAME: parts[0] ?? '', LAST_NAME: parts.slice(1).join(' ') };
}

export const profileMethods: MethodTable = {
  profile: {
    scope: null,
    run: async ({ caller }) => ({
      result: { ID: String(caller.ctx.actor.id), ADMIN: caller.ctx.actor.isAdmin, ...splitName(caller.ctx.actor.name), PERSONAL_GENDER: '', PERSONAL_PHOTO: '', TIME_ZONE: '', TIME_ZONE_OFFSET: 0 },
    }),
  },
  'user.current': {
    scope: null,
    run: async ({ caller }) => {
      const user = await caller.ctx.db.selectFrom('users').select(['id', 'email', 'name', 'is_active', 'created_at']).where('id', '=', caller.ctx.actor.id).executeTakeFirstOrThrow();
      return {
        result: {
          ID: String(user.id),
          XML_ID: '',
          ACTIVE: user.is_active === 1,
          ...splitName(user.name),
          SECOND_NAME: '',
          EMAIL: user.email,
          DATE_REGISTER: bitrixDateTime(new Date(user.created_at)),
          IS_ONLINE: 'N',
          USER_TYPE: 'employee',
          UF_DEPARTMENT: (await caller.ctx.db.selectFrom('user_departments').select('department_id').where('user_id', '=', user.id).orderBy('department_id').execute()).map((row) => Number(row.department_id)),
          ADMIN: y(caller.ctx.actor.isAdmin),
        },
      };
    },
  },
  scope: { scope: null, run: async ({ caller }) => ({ result: caller.scopes }) },
  // `methods` is answered in bitrix-methods.ts, which knows them all.
  'server.time': { scope: null, run: async () => ({ result: bitrixDateTime(new Date()) }) },
};
