import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'test/**/*.test.ts', 'seeds/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    expect: { requireAssertions: true },
    pool: 'forks',
    env: { TZ: 'UTC', NODE_ENV: 'test', LOG_LEVEL: 'silent' },
  },
});
