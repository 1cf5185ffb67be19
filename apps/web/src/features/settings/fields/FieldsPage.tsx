import { PendingSection } from '../PendingSection';

export function FieldsPage() {
  return <PendingSection section="fields" />;
}
