import { describe, expect, it } from 'vitest';
import { formatCount, formatDate, formatMoney, formatPhone } from './format';

// Intl puts a no-break space between the symbol and the amount; compare with plain spaces.
const plain = (text: string) => text.replace(/\u00a0|\u202f/g, ' ');

describe('formatting in the user locale', () => {
  it('writes money the Brazilian way in pt-BR', () => {
    expect(plain(formatMoney('1234.56', 'BRL', 'pt-BR'))).toBe('R$ 1.234,56');
    expect(plain(formatMoney('1234.56', 'USD', 'pt-BR'))).toBe('US$ 1.234,56');
    expect(plain(formatMoney('1234.56', 'BRL', 'en'))).toBe('R$1,234.56');
  });

  it('writes calendar dates day first in pt-BR, without shifting them by the time zone', () => {
    expect(formatDate('2026-11-29', 'pt-BR')).toBe('29/11/2026');
    expect(formatDate('2026-11-29', 'en')).toBe('11/29/2026');
    expect(formatDate('2026-01-01', 'pt-BR')).toBe('01/01/2026');
  });

  it('says when a count was capped', () => {
    expect(formatCount(10000, 'pt-BR', true)).toBe('10.000+');
    expect(formatCount(1234, 'en')).toBe('1,234');
  });

  it('groups Brazilian phone numbers', () => {
    expect(formatPhone('+5531998765432')).toBe('+55 31 99876-5432');
    expect(formatPhone('+14155550100')).toBe('+14155550100');
  });
});
