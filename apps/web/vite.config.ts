import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { initialScriptBudget } from './build-size.ts';

/**
 * The web app's build. Hashed assets under /assets (the server caches them for a year); the HTML has no inline
 * script, so the server's Content-Security-Policy can forbid them. Routes are split so the first load stays small.
 */
export default defineConfig({
  plugins: [react(), initialScriptBudget(300)],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // Vite would inline small modules as data: URLs into scripts; the CSP forbids nothing of that kind, but keep
    // every asset a file so caching and the CSP stay simple.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 600,
  },
  server: {
    // `npm run dev -w @vinculo/web` next to `npm start`: the API is the server's.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    css: false,
  },
});
