import { PendingSection } from '../PendingSection';

export function ListsPage() {
  return <PendingSection section="lists" />;
}
