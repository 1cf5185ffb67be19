import { defineMessages } from '../../i18n/define';

export default defineMessages({ board: 'Kanban' }, { board: 'Kanban' });
