import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    server: {
      deps: {
        // GitHub's workflow parser imports its JSON schemas without import attributes, which
        // Node's ESM loader refuses; letting Vite load it handles the JSON.
        inline: ['@actions/workflow-parser'],
      },
    },
  },
});
