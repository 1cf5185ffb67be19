import { defineMessages } from '../../i18n/define';

export default defineMessages(
  {
    nav: {
      label: 'Main navigation',
      leads: 'Leads',
      deals: 'Deals',
      contacts: 'Contacts',
      companies: 'Companies',
      recycleBin: 'Recycle bin',
      settings: 'Settings',
      crm: 'CRM',
    },
    menu: {
      open: 'Open navigation',
      user: 'Account menu of {{name}}',
      profile: 'My profile',
      apiDocs: 'API documentation',
      signOut: 'Sign out',
    },
    search: {
      button: 'Search',
      placeholder: 'Search deals, contacts, companies…',
    },
    skip: 'Skip to content',
  },
  {
    nav: {
      label: 'Navegação principal',
      leads: 'Leads',
      deals: 'Negócios',
      contacts: 'Contatos',
      companies: 'Empresas',
      recycleBin: 'Lixeira',
      settings: 'Configurações',
      crm: 'CRM',
    },
    menu: {
      open: 'Abrir navegação',
      user: 'Menu da conta de {{name}}',
      profile: 'Meu perfil',
      apiDocs: 'Documentação da API',
      signOut: 'Sair',
    },
    search: {
      button: 'Pesquisar',
      placeholder: 'Pesquisar negócios, contatos, empresas…',
    },
    skip: 'Ir para o conteúdo',
  },
);
