import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/hooks';
import type { Action, Scope } from '../../../api/types';

/** The administration's reads and writes: users, departments, roles and their assignments, and "explain". */

export interface AdminUser {
  id: number;
  email: string;
  name: string;
  isAdmin: boolean;
  isActive: boolean;
  locale: string;
  departmentIds: number[];
  createdAt: string;
}

export interface Department {
  id: number;
  name: string;
  parentId: number | null;
  headUserId: number | null;
  sort: number;
  memberIds: number[];
}

export type ItemTypeName = 'lead' | 'contact' | 'company' | 'deal';
export type ActionScopes = Partial<Record<Action, Scope>>;
export type FieldAccess = 'hidden' | 'readOnly';

export interface RolePermissions {
  items: Partial<Record<ItemTypeName, ActionScopes & { pipelines?: Record<string, ActionScopes> }>>;
  fields?: Partial<Record<ItemTypeName, Record<string, FieldAccess>>>;
}

export interface Assignment {
  id?: number;
  userId: number | null;
  departmentId: number | null;
}

export interface Role {
  id: number;
  name: string;
  permissions: RolePermissions;
  mayChangeSettings: boolean;
  assignments: Assignment[];
  createdAt: string;
  updatedAt: string;
}

export interface Explanation {
  allowed: boolean;
  userId: number;
  type: string;
  id: number;
  action: Action;
  scope: Scope;
  relation: 'own' | 'department' | 'subdepartment' | 'open' | 'other';
  reason: 'admin' | 'deleted' | 'inScope' | 'outOfScope';
  roles: Array<{ id: number; name: string; scope: Scope; allows: boolean }>;
}

export const accessKeys = {
  users: ['admin-users'] as const,
  departments: ['departments'] as const,
  roles: ['roles'] as const,
  role: (id: number) => ['roles', id] as const,
};

export function useAdminUsers() {
  return useQuery({ queryKey: accessKeys.users, queryFn: async () => (await api.get<{ users: AdminUser[] }>('/users')).users });
}

export function useDepartments() {
  return useQuery({ queryKey: accessKeys.departments, queryFn: async () => (await api.get<{ departments: Department[] }>('/departments')).departments });
}

export function useRoles() {
  return useQuery({ queryKey: accessKeys.roles, queryFn: async () => (await api.get<{ roles: Role[] }>('/roles')).roles });
}

export function useRole(id: number) {
  return useQuery({ queryKey: accessKeys.role(id), queryFn: () => api.get<Role>(`/roles/${id}`) });
}

/**
 * A write of the administration; afterwards users, departments and roles are read again (a membership changes
 * both a user and a department; the pickers of the rest of the app read the users too).
 */
export function useAccessMutation<Input, Output = unknown>(write: (input: Input) => Promise<Output>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSettled: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: accessKeys.users }),
        client.invalidateQueries({ queryKey: accessKeys.departments }),
        client.invalidateQueries({ queryKey: accessKeys.roles }),
        client.invalidateQueries({ queryKey: queryKeys.users }),
      ]);
    },
  });
}
