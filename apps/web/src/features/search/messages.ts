import { defineMessages } from '../../i18n/define';

export default defineMessages(
  {
    title: 'Search',
    placeholder: 'Name, company, e-mail or phone',
  },
  {
    title: 'Pesquisar',
    placeholder: 'Nome, empresa, e-mail ou telefone',
  },
);
