import { PendingSection } from '../PendingSection';

export function CrmModePage() {
  return <PendingSection section="crmMode" />;
}
