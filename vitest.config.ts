import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // The real Claude Code CLI is heavy: keep at most two running on a 2-core machine.
    maxWorkers: 2,
  },
});
