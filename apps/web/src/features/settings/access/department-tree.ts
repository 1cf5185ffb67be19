import type { Department } from './access-api';

/** The department tree in reading order: each department after its parent, siblings by sort then name, with depth. */
export interface TreeRow {
  department: Department;
  depth: number;
  /** Names from the top of the tree down to this department. */
  path: string[];
  childCount: number;
}

export function flattenTree(departments: Department[]): TreeRow[] {
  const ids = new Set(departments.map((d) => d.id));
  const children = new Map<number | null, Department[]>();
  for (const department of departments) {
    // A parent that is not in the list (never expected) would hide the branch: show it at the top instead.
    const parent = department.parentId !== null && ids.has(department.parentId) ? department.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), department]);
  }
  for (const list of children.values()) list.sort((a, b) => a.sort - b.sort || a.name.localeCompare(b.name));
  const rows: TreeRow[] = [];
  const seen = new Set<number>();
  const walk = (parent: number | null, depth: number, path: string[]) => {
    for (const department of children.get(parent) ?? []) {
      if (seen.has(department.id)) continue;
      seen.add(department.id);
      const here = [...path, department.name];
      rows.push({ department, depth, path: here, childCount: children.get(department.id)?.length ?? 0 });
      walk(department.id, depth + 1, here);
    }
  };
  walk(null, 0, []);
  return rows;
}

/** The department and every department below it. */
export function subtreeIds(departments: Department[], id: number): Set<number> {
  const result = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const department of departments) {
      if (department.parentId !== null && result.has(department.parentId) && !result.has(department.id)) {
        result.add(department.id);
        grew = true;
      }
    }
  }
  return result;
}

/** Options for a picker of departments, each named with its path ("Vendas › Sul"). */
export function departmentOptions(departments: Department[], exclude: ReadonlySet<number> = new Set()) {
  return flattenTree(departments)
    .filter((row) => !exclude.has(row.department.id))
    .map((row) => ({ value: String(row.department.id), label: row.path.join(' › ') }));
}
