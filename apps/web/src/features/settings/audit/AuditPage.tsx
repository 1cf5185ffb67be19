import { PendingSection } from '../PendingSection';

export function AuditPage() {
  return <PendingSection section="audit" />;
}
