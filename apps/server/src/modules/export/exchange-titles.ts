import type { Locale, MultifieldKind } from '@vinculo/shared';
import { multifieldValueTypes } from '@vinculo/shared';

/**
 * The column titles of multi-value fields in the exchange format (/docs/exchange-format: one column per kind and
 * value type), as Bitrix24 titles them in its own CSV export (design/bitrix24-csv.md §6), so a file Vínculo writes
 * reads like one Bitrix24 writes. modules/import recognises the same titles.
 */
export const multifieldTitles: Record<MultifieldKind, Record<string, Record<Locale, string>>> = {
  phone: {
    WORK: { en: 'Work Phone', 'pt-BR': 'Telefone de trabalho' },
    MOBILE: { en: 'Mobile', 'pt-BR': 'Celular' },
    FAX: { en: 'Fax', 'pt-BR': 'Fax' },
    HOME: { en: 'Home Phone', 'pt-BR': 'Telefone residencial' },
    PAGER: { en: 'Pager Number', 'pt-BR': 'Pager' },
    MAILING: { en: 'SMS marketing phone', 'pt-BR': 'Telefone para marketing por SMS' },
    OTHER: { en: 'Other Phone Number', 'pt-BR': 'Outro telefone' },
  },
  email: {
    WORK: { en: 'Work E-mail', 'pt-BR': 'Email de trabalho' },
    HOME: { en: 'Home E-mail', 'pt-BR': 'E-mail pessoal' },
    MAILING: { en: 'Newsletters email', 'pt-BR': 'E-mail para boletins' },
    OTHER: { en: 'Other E-mail', 'pt-BR': 'Outro e-mail' },
  },
  web: {
    WORK: { en: 'Corporate Website', 'pt-BR': 'Site corporativo' },
    HOME: { en: 'Personal Page', 'pt-BR': 'Página pessoal' },
    FACEBOOK: { en: 'Facebook Page', 'pt-BR': 'Página do Facebook' },
    VK: { en: 'VK Page', 'pt-BR': 'Página do VK' },
    LIVEJOURNAL: { en: 'LiveJournal', 'pt-BR': 'LiveJournal' },
    TWITTER: { en: 'Twitter', 'pt-BR': 'Twitter' },
    INSTAGRAM: { en: 'Instagram', 'pt-BR': 'Instagram' },
    OTHER: { en: 'Other Website', 'pt-BR': 'Outro site' },
  },
  im: {
    TELEGRAM: { en: 'Telegram account', 'pt-BR': 'Conta do Telegram' },
    WHATSAPP: { en: 'WhatsApp', 'pt-BR': 'WhatsApp' },
    VK: { en: 'VK account', 'pt-BR': 'Conta do VK' },
    SKYPE: { en: 'Skype ID', 'pt-BR': 'Skype' },
    VIBER: { en: 'Viber contact', 'pt-BR': 'Contato do Viber' },
    INSTAGRAM: { en: 'Instagram comments', 'pt-BR': 'Comentários do Instagram' },
    FACEBOOK: { en: 'Facebook account', 'pt-BR': 'Conta do Facebook' },
    BITRIX24: { en: 'Bitrix24.Network account', 'pt-BR': 'Conta da Bitrix24.Network' },
    OPENLINE: { en: 'Live Chat', 'pt-BR': 'Chat ao vivo' },
    IMOL: { en: 'Open Channel account', 'pt-BR': 'Conta do Canal Aberto' },
    ICQ: { en: 'ICQ Number', 'pt-BR': 'ICQ' },
    MSN: { en: 'MSN/Live!', 'pt-BR': 'MSN/Live!' },
    JABBER: { en: 'Jabber', 'pt-BR': 'Jabber' },
    OTHER: { en: 'Other Contact', 'pt-BR': 'Outro contato' },
  },
};

/** Every value type of a kind, in the order the columns come (the order Bitrix24 lists them). */
export const valueTypesOf = (kind: MultifieldKind): readonly string[] => multifieldValueTypes[kind];

/** How a boolean reads in a cell, in the exporting user's language. */
export const booleanWords: Record<Locale, [yes: string, no: string]> = { en: ['Yes', 'No'], 'pt-BR': ['Sim', 'Não'] };
