import { auditRoute } from './audit/routes';
import { accessExplainRoute, departmentsRoute, roleRoute, rolesRoute, usersRoute } from './access/routes';
import { fieldsRouteTree } from './fields/routes';
import { crmModeRoute, currenciesRoute } from './general/routes';
import { deadLettersRoute, inboundWebhooksRoute, webhookRoute, webhooksRoute } from './integrations/routes';
import { listsRoute, pipelinesRoute } from './lists/routes';
import { settingsIndexRoute, settingsRoute } from './settings-route';

/** Every settings page under /settings; each folder declares its own routes. */
export const settingsRouteTree = settingsRoute.addChildren([
  settingsIndexRoute,
  listsRoute,
  pipelinesRoute,
  fieldsRouteTree,
  currenciesRoute,
  crmModeRoute,
  usersRoute,
  departmentsRoute,
  rolesRoute,
  accessExplainRoute,
  roleRoute,
  auditRoute,
  webhooksRoute,
  webhookRoute,
  inboundWebhooksRoute,
  deadLettersRoute,
]);
