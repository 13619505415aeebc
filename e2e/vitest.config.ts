import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * End-to-end specs: run by scripts/e2e.ts, which starts the server and sets STEWARD_E2E_URL.
 * One file at a time (they share the server and its demo data), one browser per file.
 */
export default defineConfig({
  test: {
    name: 'e2e',
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['e2e/**/*.spec.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // A flaky UI test hides a real problem as often as it shows one: no retries.
    retry: 0,
  },
});
