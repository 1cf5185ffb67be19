import { defineMessages } from '../../i18n/define';

export default defineMessages(
  {
    views: { list: 'List', kanban: 'Kanban', label: 'View' },
    create: 'New {{type}}',
  },
  {
    views: { list: 'Lista', kanban: 'Kanban', label: 'Visualização' },
    create: 'Criar {{type}}',
  },
);
