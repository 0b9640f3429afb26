import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

const problemsOf = (environment: Record<string, string>): string => {
  try {
    loadConfig(environment);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("the configuration was accepted");
};

describe("loadConfig", () => {
  it("needs nothing to start on the embedded database with demo data", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      environment: "production",
      host: "0.0.0.0",
      port: 3000,
      publicUrl: "http://localhost:3000",
      database: { kind: "pglite", dataDir: path.resolve("data", "pglite") },
      seedDemo: true,
      firstAdmin: null,
      runJobs: true,
      isCookieSecure: false,
    });
  });

  it("reads a PostgreSQL server, the first admin and https from the environment", () => {
    const config = loadConfig({
      DATABASE_URL: "postgres://caredesk@db.internal:5432/caredesk",
      DATABASE_POOL_SIZE: "32",
      PUBLIC_URL: "https://care.example.com/",
      SEED_DEMO: "false",
      CAREDESK_ADMIN_EMAIL: "ops@example.com",
      CAREDESK_ADMIN_PASSWORD: "a long enough password",
      RUN_JOBS: "no",
    });
    expect(config).toMatchObject({
      database: { kind: "postgres", url: "postgres://caredesk@db.internal:5432/caredesk", poolSize: 32 },
      publicUrl: "https://care.example.com",
      isCookieSecure: true,
      seedDemo: false,
      firstAdmin: { email: "ops@example.com", password: "a long enough password", name: "Administrator" },
      runJobs: false,
    });
  });

  it("treats empty variables as unset", () => {
    expect(loadConfig({ PORT: "", DATABASE_URL: "", SEED_DEMO: "" })).toMatchObject({ port: 3000, database: { kind: "pglite" }, seedDemo: true });
  });

  it("names every bad variable at once", () => {
    const message = problemsOf({
      PORT: "eighty",
      PUBLIC_URL: "care desk",
      DATABASE_URL: "mysql://root@localhost/caredesk",
      LOG_LEVEL: "loud",
      SEED_DEMO: "maybe",
      CAREDESK_ADMIN_EMAIL: "not-an-email",
      CAREDESK_ADMIN_PASSWORD: "short",
      SHUTDOWN_TIMEOUT_MS: "5",
    });
    expect(message).toMatch(/^Invalid configuration:/);
    for (const name of ["PORT", "PUBLIC_URL", "DATABASE_URL", "LOG_LEVEL", "SEED_DEMO", "CAREDESK_ADMIN_EMAIL", "CAREDESK_ADMIN_PASSWORD", "SHUTDOWN_TIMEOUT_MS"]) {
      expect(message).toMatch(new RegExp(`^  ${name}: `, "m"));
    }
    expect(message).toContain("DATABASE_URL: must start with postgres:// or postgresql://");
  });

  it("wants the first admin's email and password together, and says so along with any other problem", () => {
    expect(problemsOf({ CAREDESK_ADMIN_EMAIL: "ops@example.com" })).toContain("CAREDESK_ADMIN_EMAIL and CAREDESK_ADMIN_PASSWORD must be set together");
    const message = problemsOf({ CAREDESK_ADMIN_PASSWORD: "a long enough password", PORT: "-1" });
    expect(message).toMatch(/^ {2}PORT: /m);
    expect(message).toContain("CAREDESK_ADMIN_EMAIL and CAREDESK_ADMIN_PASSWORD must be set together");
  });
});
