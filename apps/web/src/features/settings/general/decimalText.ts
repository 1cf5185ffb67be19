import type { Locale } from '../../../api/types';

/**
 * Exchange rates are exact decimal strings ("5.4321"); these turn them into what a person reads and types in their
 * language and back, as text only: a rate never passes through a floating-point number.
 */

const separators: Record<Locale, { group: string; decimal: string }> = { 'pt-BR': { group: '.', decimal: ',' }, en: { group: ',', decimal: '.' } };

/** "1234.5" → "1.234,5" (pt-BR) or "1,234.5" (en); every decimal kept. */
export function formatDecimalText(value: string, locale: Locale): string {
  const { group, decimal } = separators[locale];
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
  if (!match) return value;
  const [, sign, whole, fraction] = match;
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${sign}${grouped}${fraction ? `${decimal}${fraction}` : ''}`;
}

/** What a person typed ("5,4321", "1.234,5", "5.4321" in pt-BR) as the API's decimal string ("5.4321"); left as typed when it is not a number, for the server to name the problem. */
export function parseDecimalText(text: string, locale: Locale): string {
  const { group, decimal } = separators[locale];
  const trimmed = text.trim().replace(/\s/g, '');
  // A pt-BR user may still type a dot as the decimal point when there is no comma: "5.4321".
  if (locale === 'pt-BR' && !trimmed.includes(',') && /^\d+\.\d+$/.test(trimmed) && !/^\d{1,3}(\.\d{3})+$/.test(trimmed)) return trimmed;
  const plain = trimmed.split(group).join('').replace(decimal, '.');
  return /^\d+(\.\d+)?$/.test(plain) ? plain : trimmed;
}
