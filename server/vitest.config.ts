import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own fresh database; two workers fit this 2-core machine.
    pool: "forks",
    maxWorkers: 2,
  },
});
