import { PendingSection } from '../PendingSection';

export function PipelinesPage() {
  return <PendingSection section="pipelines" />;
}
