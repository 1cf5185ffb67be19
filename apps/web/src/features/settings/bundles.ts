import type { Bundle } from '../../i18n/define';
import { addBundles } from '../../i18n';
import settings from './messages';
import settingsLists from './lists/messages';
import settingsFields from './fields/messages';
import settingsGeneral from './general/messages';
import settingsAccess from './access/messages';
import audit from './audit/messages';
import settingsIntegrations from './integrations/messages';

/**
 * The settings' messages: loaded with the settings (imported by SettingsLayout), not with the app, so people who never
 * open the settings do not download them.
 */
export const settingsBundles: Record<string, Bundle> = { settings, settingsLists, settingsFields, settingsGeneral, settingsAccess, audit, settingsIntegrations };

addBundles(settingsBundles);
