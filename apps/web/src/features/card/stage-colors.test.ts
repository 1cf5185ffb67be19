import { describe, expect, it } from 'vitest';
import { stageColor, textOn } from './stage-colors';

describe('stage colours', () => {
  it('writes dark text on light colours and white on dark ones', () => {
    expect(textOn('#39A8EF')).toBe('#1a1b1e');
    expect(textOn('#7BD500')).toBe('#1a1b1e');
    expect(textOn('#004694')).toBe('#ffffff');
    expect(textOn(null)).toBe('#1a1b1e');
  });

  it('falls back to a colour by the stage group', () => {
    expect(stageColor({ color: null, semantic: 'F' })).toBe('#ff5752');
    expect(stageColor({ color: 'FFA900', semantic: 'P' })).toBe('#FFA900');
  });
});
