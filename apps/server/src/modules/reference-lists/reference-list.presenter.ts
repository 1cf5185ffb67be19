import type { Locale } from '@vinculo/shared';
import type { ValueRow } from './reference-list.repository.ts';

export interface ValueDto {
  code: string;
  /** The name in the caller's language. */
  name: string;
  nameEn: string;
  namePt: string;
  sort: number;
  semantic: string | null;
  color: string | null;
}

export function presentValue(locale: Locale, row: ValueRow): ValueDto {
  return {
    code: row.code,
    name: locale === 'pt-BR' ? row.name_pt : row.name_en,
    nameEn: row.name_en,
    namePt: row.name_pt,
    sort: Number(row.sort),
    semantic: row.semantic,
    color: row.color,
  };
}
