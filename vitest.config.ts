import { defineConfig } from "vitest/config";

/**
 * Every server test runs on the embedded database (PGlite); with TEST_DATABASE_URL set
 * (CI sets it), all of them run again against that PostgreSQL server, together with the
 * `*.postgres.test.ts` that only a server can run (two Caredesk processes sharing it). Browser tests
 * (e2e/) drive Debian's Chromium against a real Caredesk process.
 */
const serverTests = ["server/**/*.test.ts", "common/**/*.test.ts"];
const databases = process.env.TEST_DATABASE_URL ? (["pglite", "postgres"] as const) : (["pglite"] as const);

export default defineConfig({
  test: {
    projects: [
      ...databases.map((database) => ({
        test: {
          name: database,
          include: serverTests,
          // `*.postgres.test.ts` need a PostgreSQL server (several Caredesk processes on one database): postgres project only.
          exclude: database === "pglite" ? ["**/*.postgres.test.ts", "**/node_modules/**"] : ["**/node_modules/**"],
          environment: "node",
          globalSetup: ["server/test/global-setup.ts"],
          setupFiles: ["server/test/setup.ts"],
          env: { CAREDESK_TEST_DATABASE: database },
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: "forks" as const,
        },
      })),
      {
        test: {
          // Pure logic of the agent app (filters, caches) and the widget's bundle budget; no browser, no server.
          name: "web",
          include: ["web/src/**/*.test.ts", "widget/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "e2e",
          include: ["e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["e2e/global-setup.ts"],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          pool: "forks" as const,
        },
      },
    ],
  },
});
