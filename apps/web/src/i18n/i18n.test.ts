import { describe, expect, it } from 'vitest';
import { bundles as appBundles } from './bundles';
import { settingsBundles } from '../features/settings/bundles';
import type { Messages } from './define';

function keys(messages: Messages, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`)));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
}

function leaf(messages: Messages, path: string): string {
  return path.split('.').reduce<Messages | string>((node, part) => (node as Messages)[part], messages) as string;
}

const bundles = { ...appBundles, ...settingsBundles };

describe('messages', () => {
  for (const [namespace, bundle] of Object.entries(bundles)) {
    it(`${namespace}: pt-BR and English have the same keys, none empty, the same placeholders`, () => {
      const en = keys(bundle.en).sort();
      const pt = keys(bundle['pt-BR'] as Messages).sort();
      expect(pt.filter((k) => !en.includes(k)), 'keys only in pt-BR').toEqual([]);
      expect(en.filter((k) => !pt.includes(k)), 'keys missing in pt-BR').toEqual([]);
      for (const key of en) {
        const english = leaf(bundle.en, key);
        const portuguese = leaf(bundle['pt-BR'] as Messages, key);
        expect(english.trim(), `${namespace}.${key} (en)`).not.toBe('');
        expect(portuguese.trim(), `${namespace}.${key} (pt-BR)`).not.toBe('');
        expect(placeholders(portuguese), `${namespace}.${key} placeholders`).toEqual(placeholders(english));
      }
    });
  }
});

describe('every message the code asks for exists', () => {
  // Each file names its namespace with useTranslation('ns') (common when it names none); `t('ns:key')` reaches another.
  const files = import.meta.glob(['../**/*.tsx', '../**/*.ts', '!../**/*.test.*', '!../i18n/**'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
  const missing: string[] = [];
  for (const [file, source] of Object.entries(files)) {
    const namespace = /useTranslation\(\s*'([\w-]+)'/.exec(source)?.[1] ?? 'common';
    for (const match of source.matchAll(/\bt\(\s*'([\w.:-]+)'/g)) {
      const [ns, key] = match[1].includes(':') ? match[1].split(':') : [namespace, match[1]];
      const bundle = bundles[ns];
      const found = bundle && key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], bundle.en);
      if (typeof found !== 'string' && !hasPlural(bundle?.en, key)) missing.push(`${file}: ${ns}:${key}`);
    }
  }

  it('finds each literal key in its namespace', () => {
    expect(missing).toEqual([]);
  });
});

/** i18next plural keys: `count_one` / `count_other` for t('count', {count}). */
function hasPlural(messages: Messages | undefined, key: string): boolean {
  if (!messages) return false;
  const parts = key.split('.');
  const last = parts.pop()!;
  const parent = parts.reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages) as Record<string, unknown> | undefined;
  return typeof parent?.[`${last}_one`] === 'string' && typeof parent?.[`${last}_other`] === 'string';
}
