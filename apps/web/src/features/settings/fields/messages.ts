import { defineMessages } from '../../../i18n/define';

/** This part of the settings, in both languages. */
export default defineMessages({}, {});
