import { PendingSection } from '../PendingSection';

export function DepartmentsPage() {
  return <PendingSection section="departments" />;
}
