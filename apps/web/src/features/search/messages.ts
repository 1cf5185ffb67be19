import { defineMessages } from '../../i18n/define';

export default defineMessages(
  {
    title: 'Search',
    inputLabel: 'Search the whole CRM',
    placeholder: 'Name, company, e-mail or phone',
    results: 'Search results',
    hint: 'Type a name, a company, an e-mail or any part of a phone number.',
    tooShort: 'Type at least {{count}} characters.',
    noResults: 'Nothing found for “{{query}}”.',
    noResultsHint: 'Check the spelling, or try part of the name, the e-mail or a few digits of the phone.',
    found_one: '{{count}} result',
    found_other: '{{count}} results',
    more: 'All results in {{type}}',
    keys: {
      move: 'to move',
      open: 'to open',
      close: 'to close',
    },
  },
  {
    title: 'Pesquisar',
    inputLabel: 'Pesquisar em todo o CRM',
    placeholder: 'Nome, empresa, e-mail ou telefone',
    results: 'Resultados da pesquisa',
    hint: 'Digite um nome, uma empresa, um e-mail ou qualquer parte de um telefone.',
    tooShort: 'Digite pelo menos {{count}} caracteres.',
    noResults: 'Nada encontrado para “{{query}}”.',
    noResultsHint: 'Confira a grafia ou tente parte do nome, do e-mail ou alguns dígitos do telefone.',
    found_one: '{{count}} resultado',
    found_other: '{{count}} resultados',
    more: 'Todos os resultados em {{type}}',
    keys: {
      move: 'para navegar',
      open: 'para abrir',
      close: 'para fechar',
    },
  },
);
