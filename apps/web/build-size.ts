import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/**
 * Prints the JavaScript a first visit downloads (the entry chunk and its static imports, gzip) and fails the build
 * above the budget: routes are split, so the first screen stays small.
 */
export function initialScriptBudget(limitKb: number): Plugin {
  return {
    name: 'vinculo-initial-script-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map(Object.values(bundle).filter((o) => o.type === 'chunk').map((chunk) => [chunk.fileName, chunk]));
      const entry = [...chunks.values()].find((chunk) => chunk.isEntry);
      if (!entry) return;
      const seen = new Set<string>();
      const visit = (name: string) => {
        if (seen.has(name)) return;
        seen.add(name);
        for (const imported of chunks.get(name)?.imports ?? []) visit(imported);
      };
      visit(entry.fileName);
      const bytes = [...seen].reduce((sum, name) => sum + gzipSync(chunks.get(name)!.code, { level: 9 }).length, 0);
      const kb = bytes / 1024;
      const line = `Initial JavaScript: ${kb.toFixed(1)} KB gzip in ${seen.size} file(s) (budget ${limitKb} KB)`;
      if (kb > limitKb) this.error(line);
      this.info(line);
    },
  };
}
