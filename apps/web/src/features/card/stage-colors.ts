/** Colours of the stage bar: a stage's own colour (from its list), with whichever text reads best on it. */

const dark = '#1a1b1e';
const light = '#ffffff';

function luminance(hex: string): number | null {
  const match = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!match) return null;
  const channels = [0, 2, 4].map((offset) => parseInt(match[1].slice(offset, offset + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/** The text colour (near-black or white) with the higher contrast on `background`; near-black when it is not a colour. */
export function textOn(background: string | null | undefined): string {
  const l = background ? luminance(background) : null;
  if (l === null) return dark;
  return contrast(l, luminance(dark)!) >= contrast(l, 1) ? dark : light;
}

/** A stage's colour, or a default by its group (in progress, success, failure). */
export function stageColor(stage: { color: string | null; semantic: 'P' | 'S' | 'F' | null }): string {
  if (stage.color && /^#?[0-9a-f]{6}$/i.test(stage.color)) return stage.color.startsWith('#') ? stage.color : `#${stage.color}`;
  return stage.semantic === 'S' ? '#7bd500' : stage.semantic === 'F' ? '#ff5752' : '#39a8ef';
}
