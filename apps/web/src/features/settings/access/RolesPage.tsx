import { PendingSection } from '../PendingSection';

export function RolesPage() {
  return <PendingSection section="roles" />;
}
