import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // One browser with the extension at a time: the machines have two cores.
  workers: 1,
  fullyParallel: false,
  timeout: 45_000,
  expect: { timeout: 5_000 },
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: { trace: 'off', screenshot: 'only-on-failure' },
});
