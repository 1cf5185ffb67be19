import { PendingSection } from '../PendingSection';

export function UsersPage() {
  return <PendingSection section="users" />;
}
