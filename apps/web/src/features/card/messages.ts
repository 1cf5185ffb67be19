import { defineMessages } from '../../i18n/define';

export default defineMessages({ newTitle: 'New {{type}}' }, { newTitle: 'Novo {{type}}' });
