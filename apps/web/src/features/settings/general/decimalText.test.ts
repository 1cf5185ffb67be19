import { describe, expect, it } from 'vitest';
import { formatDecimalText, parseDecimalText } from './decimalText';

describe('decimal text', () => {
  it('shows a rate with the separators of the language and every decimal', () => {
    expect(formatDecimalText('5.4321', 'pt-BR')).toBe('5,4321');
    expect(formatDecimalText('1234.0000000001', 'pt-BR')).toBe('1.234,0000000001');
    expect(formatDecimalText('1234567.5', 'en')).toBe('1,234,567.5');
    expect(formatDecimalText('1', 'en')).toBe('1');
  });

  it('reads what a person typed as an exact decimal string, never through a float', () => {
    expect(parseDecimalText('5,4321', 'pt-BR')).toBe('5.4321');
    expect(parseDecimalText(' 1.234,5 ', 'pt-BR')).toBe('1234.5');
    expect(parseDecimalText('5.4321', 'pt-BR')).toBe('5.4321');
    expect(parseDecimalText('1.234', 'pt-BR')).toBe('1234');
    expect(parseDecimalText('0,1000000001', 'pt-BR')).toBe('0.1000000001');
    // 0.1 + 0.2 would not survive a float; the text does.
    expect(parseDecimalText('12345678901234567,123456789', 'pt-BR')).toBe('12345678901234567.123456789');
    expect(parseDecimalText('1,234.5', 'en')).toBe('1234.5');
    expect(parseDecimalText('abc', 'en')).toBe('abc');
  });
});
