import { defineMessages } from '../../i18n/define';

export default defineMessages(
  {
    title: 'Settings',
    navLabel: 'Settings sections',
    section: 'Section',
    sections: {
      lists: 'Lists',
      pipelines: 'Pipelines and stages',
      fields: 'Fields and card',
      currencies: 'Currencies',
      crmMode: 'CRM mode',
      users: 'Users',
      departments: 'Departments',
      roles: 'Roles and permissions',
      audit: 'Audit log',
      webhooks: 'Webhooks',
      inboundWebhooks: 'Inbound webhooks (Bitrix24)',
      jobs: 'Background jobs',
    },
    forbidden: 'Only administrators and people whose role may change settings see this page.',
  },
  {
    title: 'Configurações',
    navLabel: 'Seções das configurações',
    section: 'Seção',
    sections: {
      lists: 'Listas',
      pipelines: 'Funis e fases',
      fields: 'Campos e ficha',
      currencies: 'Moedas',
      crmMode: 'Modo do CRM',
      users: 'Usuários',
      departments: 'Departamentos',
      roles: 'Funções e permissões',
      audit: 'Registro de auditoria',
      webhooks: 'Webhooks',
      inboundWebhooks: 'Webhooks de entrada (Bitrix24)',
      jobs: 'Tarefas em segundo plano',
    },
    forbidden: 'Só administradores e pessoas cuja função pode alterar configurações veem esta página.',
  },
);
