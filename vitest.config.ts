import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Node resolves `graphql` to its CommonJS build for our dependencies (yoga, Pothos); make the
  // test transform pick the same file, or two copies of graphql meet and reject each other.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: [
      'server/**/*.test.ts',
      'test/**/*.test.ts',
      'seeds/**/*.test.ts',
      'web/src/**/*.test.{ts,tsx}',
    ],
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
