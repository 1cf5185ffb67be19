import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { ChecklistEntry, ItemRef, Task, TaskStatus } from '../timeline/types';
import type { StatusFilter, TaskRole } from './search';

/** The tasks endpoints (docs/api.md, "Tasks"): lists by role, one task, writes, one checklist entry at a time. */

export type { ChecklistEntry, Task, TaskStatus };
export const taskStatuses: TaskStatus[] = ['new', 'inProgress', 'waiting', 'done', 'deferred'];
export const statusColors: Record<TaskStatus, string> = { new: 'blue', inProgress: 'cyan', waiting: 'yellow', done: 'green', deferred: 'gray' };

export interface TaskPage {
  items: Task[];
  nextCursor: string | null;
}

/** What a form sends: checklist entries without an id are new; `items` by type and id. */
export interface TaskInput {
  title: string;
  description: string | null;
  status: TaskStatus;
  deadline: string | null;
  responsibleId: number;
  coworkerIds: number[];
  observerIds: number[];
  checklist: Array<{ id?: number; text: string; done: boolean }>;
  items: Array<{ type: ItemRef['type']; id: number }>;
}

export const statusSets: Record<StatusFilter, TaskStatus[] | undefined> = {
  active: ['new', 'inProgress', 'waiting'],
  done: ['done'],
  deferred: ['deferred'],
  all: undefined,
};

export const taskKeys = {
  all: ['tasks'] as const,
  list: (role: TaskRole, status: StatusFilter, overdue: boolean) => ['tasks', 'list', role, status, overdue] as const,
  one: (id: number) => ['tasks', 'one', id] as const,
};

export function useTasks(role: TaskRole, status: StatusFilter, overdue: boolean) {
  return useInfiniteQuery({
    queryKey: taskKeys.list(role, status, overdue),
    queryFn: ({ pageParam, signal }) =>
      api.get<TaskPage>('/tasks', { role, status: statusSets[status]?.join(','), overdue: overdue ? 'true' : undefined, limit: 50, cursor: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useTask(id: number) {
  return useQuery({ queryKey: taskKeys.one(id), queryFn: ({ signal }) => api.get<Task>(`/tasks/${id}`, undefined, signal) });
}

/** After any write: the task's own cache takes the answer, lists and the linked items' timelines refetch. */
function useSettle() {
  const client = useQueryClient();
  return (task?: Task) => {
    if (task) client.setQueryData(taskKeys.one(task.id), task);
    void client.invalidateQueries({ queryKey: [...taskKeys.all, 'list'] });
    void client.invalidateQueries({ queryKey: ['timeline'] });
  };
}

export function useCreateTask() {
  const settle = useSettle();
  return useMutation({ mutationFn: (input: TaskInput) => api.post<Task>('/tasks', input), onSuccess: (task) => settle(task) });
}

export function useUpdateTask() {
  const settle = useSettle();
  return useMutation({
    mutationFn: ({ id, patch }: { id: number; patch: Partial<TaskInput> & { version?: number } }) => api.patch<Task>(`/tasks/${id}`, patch),
    onSuccess: (task) => settle(task),
  });
}

/** Ticks one checklist entry: shown ticked at once, put back if the server refuses. */
export function useTickEntry() {
  const client = useQueryClient();
  const settle = useSettle();
  return useMutation({
    mutationFn: ({ taskId, entryId, done }: { taskId: number; entryId: number; done: boolean }) => api.patch<Task>(`/tasks/${taskId}/checklist/${entryId}`, { done }),
    onMutate: async ({ taskId, entryId, done }) => {
      // A read of the task already on its way would land after the tick and undo it on screen.
      await client.cancelQueries({ queryKey: taskKeys.one(taskId) });
      const before = client.getQueryData<Task>(taskKeys.one(taskId));
      if (before) client.setQueryData<Task>(taskKeys.one(taskId), { ...before, checklist: before.checklist.map((entry) => (entry.id === entryId ? { ...entry, done } : entry)) });
      return { before };
    },
    onError: (_error, { taskId }, context) => {
      if (context?.before) client.setQueryData(taskKeys.one(taskId), context.before);
    },
    onSuccess: (task) => settle(task),
  });
}

export function useDeleteTask() {
  const client = useQueryClient();
  const settle = useSettle();
  return useMutation({
    mutationFn: (id: number) => api.delete(`/tasks/${id}`),
    onSuccess: (_answer, id) => {
      client.removeQueries({ queryKey: taskKeys.one(id) });
      settle();
    },
  });
}

/** Who may do what with a task (the server checks it again): change it, or delete it. */
export function taskRights(task: Pick<Task, 'createdById' | 'responsibleId' | 'coworkerIds'>, meId: number): { edit: boolean; delete: boolean } {
  return { edit: task.createdById === meId || task.responsibleId === meId || task.coworkerIds.includes(meId), delete: task.createdById === meId };
}
