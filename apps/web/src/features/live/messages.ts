import { defineMessages } from '../../i18n/define';

/** The notices of what other users changed while you look (features/live). */
export default defineMessages(
  {
    moved: '{{actor}} moved {{title}} to {{stage}}',
    changed: '{{actor}} changed {{title}}',
    deleted: '{{actor}} deleted {{title}}',
    someone: 'Someone',
  },
  {
    moved: '{{actor}} moveu {{title}} para {{stage}}',
    changed: '{{actor}} alterou {{title}}',
    deleted: '{{actor}} excluiu {{title}}',
    someone: 'Alguém',
  },
);
