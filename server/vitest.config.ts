import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Multi-instance tests need PostgreSQL: they belong to `npm run test:pg`, not to the SQLite run;
    // tests of the embedded engine itself (test/sqlite) belong to the SQLite run.
    exclude: process.env.GOVHALL_TEST_DB === "postgres" ? ["test/sqlite/**"] : ["test/pg/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own fresh database; two workers fit this 2-core machine.
    pool: "forks",
    maxWorkers: 2,
  },
});
