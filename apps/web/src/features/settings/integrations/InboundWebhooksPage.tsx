import { InboundWebhooksPanel } from '../../inbound-webhooks/InboundWebhooksPanel';

/** /settings/inbound-webhooks: everyone's inbound webhooks of the Bitrix24-compatible API, a new one for anyone. */
export function InboundWebhooksPage() {
  return <InboundWebhooksPanel everyone />;
}
