import { defineMessages } from '../../i18n/define';

export default defineMessages({ title: 'Recycle bin' }, { title: 'Lixeira' });
