/**
 * What a salesperson opens all day: a deal card's first timeline page, "my activities" (open, by deadline) and the
 * deals with nothing planned, each beside the SQL a developer would write for the same answer.
 */
import { apiGet, timeIt } from './measure.ts';
import { log } from './options.ts';
import { inList, linkSql, type Figure, type Setup } from './scenarios.ts';

export async function timelineScenarios(s: Setup): Promise<Figure[]> {
  const figures: Figure[] = [];
  const departmentUser = s.members[1];
  const callers = [
    { name: 'admin', token: s.adminToken, userId: s.seed.adminId, scope: '', label: 'admin' },
    { name: 'department', token: s.userToken, userId: departmentUser, scope: ` and assigned_by_id in ${inList(s.members)}`, label: 'department user' },
  ] as const;
  for (const caller of callers) {
    // A live deal halfway through the generated ones that the caller may read and that has a planned activity.
    const middle = Math.floor((s.seed.ids.deal.first + s.seed.ids.deal.last) / 2);
    const [deal] = await s.floor.all(`select id from deals where id >= ? and deleted_at is null and next_activity_at is not null${caller.scope} order by id limit 1`, [middle]);
    if (!deal) throw new Error('no deal with a planned activity');
    const id = Number(deal.id);
    const timelinePath = `/api/v1/deals/${id}/timeline`;
    const first = await apiGet(timelinePath, caller.token);
    if (first.planned.length === 0) throw new Error(`${timelinePath} shows nothing planned`);
    const timelineSql = async () => {
      const bound = `from activities a join activity_items ai on ai.activity_id = a.id where ai.entity_type = 'deal' and ai.entity_id = ?`;
      await s.floor.all(`select a.* ${bound} and a.completed = 0 order by a.deadline, a.id limit 100`, [id]);
      await s.floor.all(`select a.* ${bound} and a.completed = 1 order by a.completed_at desc, a.id desc limit 21`, [id]);
      await s.floor.all(`select * from comments where entity_type = 'deal' and entity_id = ? order by created_at desc, id desc limit 21`, [id]);
      await s.floor.all(`select * from events where entity_type = 'deal' and entity_id = ? order by occurred_at desc, id desc limit 21`, [id]);
      await s.floor.all(`select activity_id, entity_type, entity_id from activity_items where activity_id in (select activity_id from activity_items where entity_type = 'deal' and entity_id = ?)`, [id]);
      await s.floor.all(`select id, title from deals where id = ?`, [id]);
    };
    figures.push({
      key: `timeline.${caller.name}`,
      label: `deal card's first timeline page — ${caller.label}`,
      kind: 'latency',
      api: await timeIt(s.iterations, s.warmup, () => apiGet(timelinePath, caller.token)),
      sql: await timeIt(s.iterations, s.warmup, timelineSql),
    });

    const minePath = '/api/v1/activities?responsibleId=me&completed=false&limit=50';
    if ((await apiGet(minePath, caller.token)).items.length === 0) throw new Error(`${minePath} is empty for the ${caller.name}`);
    const mineSql = async () => {
      const rows = await s.floor.all(`select * from activities where responsible_id = ? and completed = 0 order by deadline, id limit 51`, [caller.userId]);
      const ids = rows.slice(0, 50).map((r) => Number(r.id));
      const items = await s.floor.all(`select activity_id, entity_type, entity_id from activity_items where activity_id in (${ids.join(',')}) order by activity_id, sort`);
      const deals = [...new Set(items.map((r) => Number(r.entity_id)))];
      await s.floor.all(`select id, title from deals where id in (${deals.join(',')}) and deleted_at is null`);
    };
    figures.push({
      key: `myActivities.${caller.name}`,
      label: `my open activities, 50 by deadline — ${caller.label}`,
      kind: 'latency',
      api: await timeIt(s.iterations, s.warmup, () => apiGet(minePath, caller.token)),
      sql: await timeIt(s.iterations, s.warmup, mineSql),
    });

    const idlePath = '/api/v1/deals?limit=50&total=false&filter[nextActivityAt][empty]=true';
    if ((await apiGet(idlePath, caller.token)).items.length === 0) throw new Error(`${idlePath} is empty`);
    const idleSql = async () => {
      const rows = await s.floor.all(`select * from deals where deleted_at is null and next_activity_at is null${caller.scope} order by id desc limit 51`);
      const ids = rows.slice(0, 50).map((r) => Number(r.id));
      if (ids.length > 0) await s.floor.all(linkSql('deal_contacts', 'deal_id', 'contact_id', ids.length), ids);
    };
    figures.push({
      key: `nothingPlanned.${caller.name}`,
      label: `deals with nothing planned, first page — ${caller.label}`,
      kind: 'latency',
      api: await timeIt(s.iterations, s.warmup, () => apiGet(idlePath, caller.token)),
      sql: await timeIt(s.iterations, s.warmup, idleSql),
    });
  }
  log('  timeline, my activities and nothing planned done');
  return figures;
}
