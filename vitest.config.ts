import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

/**
 * Four projects, all run by `npm test`:
 *  - unit: pure functions, no database;
 *  - integration: real PostgreSQL (embedded), one database per test file cloned from a migrated template;
 *  - e2e: the built console started as `npm start` would, driven over HTTP and in Chromium;
 *  - flink-sim: the Flink simulator (test/flink-sim) against Flink's specs and behaviour.
 */
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/support/postgres-global-setup.ts"],
          setupFiles: ["test/support/database-per-file.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/support/server-global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One console serves every e2e file; run them one after another so they do not race on it.
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
        },
      },
      {
        resolve: { alias },
        test: { name: "flink-sim", include: ["test/flink-sim/**/*.test.ts"], environment: "node", testTimeout: 30_000 },
      },
    ],
  },
});
