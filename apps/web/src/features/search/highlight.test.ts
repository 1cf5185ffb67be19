import { describe, expect, it } from 'vitest';
import { highlightTerms } from './highlight';

describe('highlightTerms', () => {
  it('marks the query and its words', () => {
    expect(highlightTerms('Maria Conceição', ' maria conceicao ')).toEqual(['maria conceicao', 'maria', 'conceicao']);
  });

  it('leaves single letters out, except as the whole query', () => {
    expect(highlightTerms('Ana Souza', 'a souza')).toEqual(['a souza', 'souza']);
  });

  it('marks the digits of a phone however they were typed', () => {
    const subtitle = 'maria@exemplo.com.br · +55 31 99876-5432';
    expect(highlightTerms(subtitle, '998765432')).toContain('99876-5432');
    expect(highlightTerms(subtitle, '(31) 99876 5432')).toContain('31 99876-5432');
    expect(highlightTerms(subtitle, '5432')).toEqual(['5432']);
  });

  it('has nothing to mark for an empty query', () => {
    expect(highlightTerms('Maria', '   ')).toEqual([]);
  });
});
