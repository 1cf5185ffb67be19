import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { MultifieldKind } from './fields.ts';

/** The kinds ("VALUE_TYPE") each multi-value field accepts, as in Bitrix24. */
export const multifieldValueTypes: Record<MultifieldKind, readonly string[]> = {
  phone: ['WORK', 'MOBILE', 'FAX', 'HOME', 'PAGER', 'MAILING', 'OTHER'],
  email: ['WORK', 'HOME', 'MAILING', 'OTHER'],
  web: ['WORK', 'HOME', 'FACEBOOK', 'VK', 'LIVEJOURNAL', 'TWITTER', 'INSTAGRAM', 'OTHER'],
  im: ['TELEGRAM', 'WHATSAPP', 'VK', 'SKYPE', 'VIBER', 'INSTAGRAM', 'FACEBOOK', 'BITRIX24', 'OPENLINE', 'IMOL', 'ICQ', 'MSN', 'JABBER', 'OTHER'],
};

export const defaultPhoneRegion: CountryCode = 'BR';

/**
 * Normalises a phone to E.164 (`+5511987654321`), reading national numbers as Brazilian by default.
 * Returns null when the text is not a phone number at all.
 */
export function normalizePhone(raw: string, region: CountryCode = defaultPhoneRegion): string | null {
  // Parsing a number is costly and the same value is normalised several times on its way in (checked, matched,
  // stored): the last few thousand answers are kept.
  const key = `${region}\u0000${raw}`;
  const known = recentPhones.get(key);
  if (known !== undefined) return known;
  const normalized = parsePhone(raw, region);
  if (recentPhones.size >= 10_000) recentPhones.delete(recentPhones.keys().next().value!);
  recentPhones.set(key, normalized);
  return normalized;
}

const recentPhones = new Map<string, string | null>();

function parsePhone(raw: string, region: CountryCode): string | null {
  const digits = raw.replace(/\D/g, '');
  if (digits.length < 3 || digits.length > 17) return null;
  const parsed = parsePhoneNumberFromString(raw, region);
  if (parsed?.isPossible()) return parsed.number;
  // Short or unusual numbers (extensions, service numbers) still match by their digits.
  return raw.trim().startsWith('+') ? `+${digits}` : digits;
}

const emailPattern = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;

export function normalizeEmail(raw: string): string | null {
  const value = raw.trim().toLowerCase();
  return emailPattern.test(value) && value.length <= 254 ? value : null;
}

export function normalizeWebsite(raw: string): string | null {
  const value = raw.trim();
  if (!/^[^\s]+\.[^\s]+$|^https?:\/\/[^\s]+$/i.test(value)) return null;
  return value.toLowerCase().replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/\/+$/, '');
}

/** Normalises one multi-value entry for matching; null means the value is not valid for its kind. */
export function normalizeMultifield(kind: MultifieldKind, raw: string): string | null {
  switch (kind) {
    case 'phone':
      return normalizePhone(raw);
    case 'email':
      return normalizeEmail(raw);
    case 'web':
      return normalizeWebsite(raw);
    case 'im': {
      const value = raw.trim();
      return value.length > 0 ? value.toLowerCase() : null;
    }
  }
}
