import { describe, expect, it } from 'vitest';
import { parseTypedDate } from '../../components/fields/FieldInput';

describe('a date typed in a date field', () => {
  it('reads it the way it is shown in the user’s language', () => {
    expect(parseTypedDate('20/04/2026', 'pt-BR')).toBe('2026-04-20');
    expect(parseTypedDate('5.3.2026', 'pt-BR')).toBe('2026-03-05');
    expect(parseTypedDate('04/20/2026', 'en')).toBe('2026-04-20');
    expect(parseTypedDate('2026-04-20', 'pt-BR')).toBe('2026-04-20');
  });

  it('is no date while incomplete or impossible', () => {
    expect(parseTypedDate('20/04/20', 'pt-BR')).toBeNull();
    expect(parseTypedDate('31/02/2026', 'pt-BR')).toBeNull();
    expect(parseTypedDate('04/20/2026', 'pt-BR')).toBeNull();
  });
});
