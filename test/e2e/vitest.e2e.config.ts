import { defineConfig } from 'vitest/config';

/** End-to-end tests: a real server, the built web app and Debian's chromium. */
export default defineConfig({
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    expect: { requireAssertions: true },
    pool: 'forks',
    env: { TZ: 'UTC', NODE_ENV: 'test', LOG_LEVEL: 'silent' },
  },
});
