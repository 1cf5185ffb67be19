import { PendingSection } from '../PendingSection';

export function CurrenciesPage() {
  return <PendingSection section="currencies" />;
}
