/** The "Minhas tarefas" page's state in its address. */
export type TaskRole = 'responsible' | 'coworker' | 'observer' | 'creator';
export const taskRoles: TaskRole[] = ['responsible', 'coworker', 'observer', 'creator'];

/** Which statuses the list shows: the unfinished ones unless the user picks another set. */
export type StatusFilter = 'active' | 'done' | 'deferred' | 'all';
export const statusFilters: StatusFilter[] = ['active', 'done', 'deferred', 'all'];

export interface TasksSearch {
  /** The tab: the caller's role in the task; none: responsible. */
  role?: Exclude<TaskRole, 'responsible'>;
  status?: Exclude<StatusFilter, 'active'>;
  overdue?: true;
}

export function validateTasksSearch(search: Record<string, unknown>): TasksSearch {
  return {
    role: search.role === 'coworker' || search.role === 'observer' || search.role === 'creator' ? search.role : undefined,
    status: search.status === 'done' || search.status === 'deferred' || search.status === 'all' ? search.status : undefined,
    overdue: search.overdue === true ? true : undefined,
  };
}
