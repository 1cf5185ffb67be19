import { defineMessages } from '../../i18n/define';

/** The grid's own words (namespace `dataGrid`). */
export default defineMessages(
  {
    loadingMore: 'Loading more…',
    selectLoaded: 'Select all rows shown',
    selectRow: 'Select {{label}}',
    sortAscending: 'Sort ascending',
    sortDescending: 'Sort descending',
    sortNone: 'Remove sorting',
    resize: 'Resize column {{column}}',
    columns: {
      open: 'Column settings',
      title: 'Columns',
      search: 'Find a field',
      shown: 'Shown',
      hidden: 'Hidden',
      move: 'Move {{column}}',
    },
    drag: {
      instructions: 'To move a column, press Space or Enter, use the arrow keys, then press Space or Enter again to drop it, or Escape to cancel.',
      picked: 'Picked up column {{column}}: position {{position}} of {{count}}.',
      over: 'Column {{column}} moved to position {{position}} of {{count}}.',
      outside: 'Column {{column}} is outside the list.',
      dropped: 'Column {{column}} dropped at position {{position}} of {{count}}.',
      cancelled: 'Moving column {{column}} cancelled.',
    },
  },
  {
    loadingMore: 'Carregando mais…',
    selectLoaded: 'Selecionar todas as linhas exibidas',
    selectRow: 'Selecionar {{label}}',
    sortAscending: 'Ordenar em ordem crescente',
    sortDescending: 'Ordenar em ordem decrescente',
    sortNone: 'Remover ordenação',
    resize: 'Redimensionar a coluna {{column}}',
    columns: {
      open: 'Configurar colunas',
      title: 'Colunas',
      search: 'Encontrar um campo',
      shown: 'Exibidas',
      hidden: 'Ocultas',
      move: 'Mover {{column}}',
    },
    drag: {
      instructions: 'Para mover uma coluna, pressione Espaço ou Enter, use as setas e pressione Espaço ou Enter de novo para soltá-la, ou Esc para cancelar.',
      picked: 'Coluna {{column}} selecionada: posição {{position}} de {{count}}.',
      over: 'Coluna {{column}} movida para a posição {{position}} de {{count}}.',
      outside: 'A coluna {{column}} está fora da lista.',
      dropped: 'Coluna {{column}} solta na posição {{position}} de {{count}}.',
      cancelled: 'Movimentação da coluna {{column}} cancelada.',
    },
  },
);
