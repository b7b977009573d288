import { defineConfig } from "vitest/config";

/** Browser journeys: each file starts the real server on a fresh database and drives Chromium. */
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["**/*.e2e.test.ts"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // One fork, one file at a time: a server and a browser each are plenty for two cores.
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
  },
});
