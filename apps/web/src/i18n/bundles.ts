import type { Bundle } from './define';
import common from './common';
import auth from '../features/auth/messages';
import shell from '../features/shell/messages';
import search from '../features/search/messages';
import items from '../features/items/messages';
import kanban from '../features/kanban/messages';
import card from '../features/card/messages';
import recycleBin from '../features/recycle-bin/messages';
import imports from '../features/import/messages';
import duplicates from '../features/duplicates/messages';
import exportMessages from '../features/export/messages';
import activities from '../features/activities/messages';
import tasks from '../features/tasks/messages';
import notifications from '../features/notifications/messages';
import live from '../features/live/messages';
import inboundWebhooks from '../features/inbound-webhooks/messages';
import dataGrid from '../components/DataGrid/messages';
import filterBar from '../components/FilterBar/messages';
import valueEditing from '../components/ValueEditing/messages';

/** The namespaces of messages every screen may need, loaded with the app; the settings bring theirs (features/settings/bundles.ts). */
export const bundles: Record<string, Bundle> = { common, auth, shell, search, items, kanban, card, recycleBin, imports, duplicates, export: exportMessages, activities, tasks, notifications, live, inboundWebhooks, dataGrid, filterBar, valueEditing };
