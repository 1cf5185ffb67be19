import { defineConfig, devices } from '@playwright/test';

/**
 * Browser journeys: Debian's Chromium (nothing downloaded) drives the built app on a real server and a real database
 * (each journey gets its own: a SQLite file, or a PostgreSQL database when E2E_DATABASE_URL is set). `npm run e2e`.
 */
export default defineConfig({
  testDir: './journeys',
  globalSetup: './support/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never', outputFolder: '../data/e2e-report' }]],
  outputDir: '../data/e2e-results',
  use: {
    ...devices['Desktop Chrome'],
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
