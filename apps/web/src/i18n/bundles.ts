import type { Bundle } from './define';
import common from './common';
import auth from '../features/auth/messages';
import shell from '../features/shell/messages';
import search from '../features/search/messages';
import items from '../features/items/messages';
import kanban from '../features/kanban/messages';
import card from '../features/card/messages';
import recycleBin from '../features/recycle-bin/messages';
import settings from '../features/settings/messages';
import settingsLists from '../features/settings/lists/messages';
import settingsFields from '../features/settings/fields/messages';
import settingsGeneral from '../features/settings/general/messages';
import settingsAccess from '../features/settings/access/messages';
import audit from '../features/settings/audit/messages';
import dataGrid from '../components/DataGrid/messages';
import filterBar from '../components/FilterBar/messages';
import valueEditing from '../components/ValueEditing/messages';

/** Every namespace of messages: one per part of the app. */
export const bundles: Record<string, Bundle> = { common, auth, shell, search, items, kanban, card, recycleBin, settings, settingsLists, settingsFields, settingsGeneral, settingsAccess, audit, dataGrid, filterBar, valueEditing };
