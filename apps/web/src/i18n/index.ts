import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/pt-br';
import { setApiLanguage } from '../api/client';
import type { Locale } from '../api/types';
import { bundles } from './bundles';
import type { Bundle } from './define';

export const locales: Locale[] = ['pt-BR', 'en'];
const storageKey = 'vinculo.locale';

/** The language before anyone signs in: the one last used here, else Portuguese for a browser that prefers it, else English. */
export function initialLocale(): Locale {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(storageKey);
  if (saved === 'pt-BR' || saved === 'en') return saved;
  const preferred = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language];
  for (const language of preferred) {
    const lower = language.toLowerCase();
    if (lower.startsWith('pt')) return 'pt-BR';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

const resources = Object.fromEntries(
  locales.map((locale) => [locale, Object.fromEntries(Object.entries(bundles).map(([namespace, bundle]) => [namespace, bundle[locale]]))]),
);

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources,
  lng: initialLocale(),
  fallbackLng: false,
  ns: Object.keys(bundles),
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

function applyLocale(locale: Locale) {
  setApiLanguage(locale);
  dayjs.locale(locale === 'pt-BR' ? 'pt-br' : 'en');
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}
applyLocale(i18n.language as Locale);

/** Switches the interface's language now and remembers it on this browser (the server keeps it per user). */
export async function changeLocale(locale: Locale) {
  if (typeof localStorage !== 'undefined') localStorage.setItem(storageKey, locale);
  applyLocale(locale);
  await i18n.changeLanguage(locale);
}

export const currentLocale = () => i18n.language as Locale;

/** Adds the messages of a part of the app loaded later (the settings), in both languages. */
export function addBundles(more: Record<string, Bundle>) {
  for (const [namespace, bundle] of Object.entries(more)) {
    for (const locale of locales) i18n.addResourceBundle(locale, namespace, bundle[locale], true, true);
  }
}
