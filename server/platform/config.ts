import path from "node:path";
import { z } from "zod";

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

/**
 * Every environment variable Caredesk reads, validated once at boot.
 * The README's configuration reference is generated from the same list; keep them in step.
 */
const EnvironmentSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().default("http://localhost:3000"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://").optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(16),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SEED_DEMO: booleanFlag.default(true),
  CAREDESK_ADMIN_EMAIL: z.email().optional(),
  CAREDESK_ADMIN_PASSWORD: z.string().min(10, "must be at least 10 characters").optional(),
  CAREDESK_ADMIN_NAME: z.string().min(1).default("Administrator"),
  CAREDESK_ACCOUNT_NAME: z.string().min(1).default("Caredesk"),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24 * 14),
  TRUST_PROXY: booleanFlag.default(false),
  RUN_JOBS: booleanFlag.default(true),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  LOGIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(10),
  EMAIL_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  EMAIL_SMTP_HOST: z.string().min(1).default("0.0.0.0"),
  EMAIL_SMTP_HOSTNAME: z.string().min(1).optional(),
  EMAIL_SMTP_TLS_KEY_FILE: z.string().min(1).optional(),
  EMAIL_SMTP_TLS_CERT_FILE: z.string().min(1).optional(),
  EMAIL_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).default(50 * 1024 * 1024),
  EMAIL_MAX_PARSE_BYTES: z.coerce.number().int().min(1024).optional(),
  EMAIL_MAILBOX_CHECK_SECONDS: z.coerce.number().min(0.05).max(3600).default(15),
  AGENT_AWAY_AFTER_SECONDS: z.coerce.number().min(1).max(24 * 3600).default(600),
});

export type Config = {
  environment: "development" | "production" | "test";
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  database: { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string; poolSize: number };
  logLevel: z.infer<typeof EnvironmentSchema>["LOG_LEVEL"];
  seedDemo: boolean;
  firstAdmin: { email: string; password: string; name: string } | null;
  accountName: string;
  sessionTtlHours: number;
  isCookieSecure: boolean;
  trustProxy: boolean;
  runJobs: boolean;
  shutdownTimeoutMs: number;
  /** Login attempts one client address may make per minute (the per-account lockout is separate). */
  loginAttemptsPerMinute: number;
  /** An online agent without activity in any tab for this long counts as away. */
  agentAwayAfterSeconds: number;
  email: {
    /** The SMTP listener for forwarding and MX setups; null when EMAIL_SMTP_PORT is unset. */
    smtpListener: { host: string; port: number; hostname: string; tls: { keyFile: string; certFile: string } | null } | null;
    /** Larger mail is refused by the listener and not downloaded by IMAP polling. */
    maxMessageBytes: number;
    /** Larger mail is stored and attached as it arrived, but not parsed. */
    maxParseBytes: number;
    /** How often each process checks which mailboxes it should poll. */
    mailboxCheckSeconds: number;
  };
};

export class ConfigError extends Error {}

/** Reads and validates the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const variables = withoutEmptyStrings(environment);
  const parsed = EnvironmentSchema.safeParse(variables);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  // Checked on the raw variables so that it is reported along with every other problem.
  if (Boolean(variables.CAREDESK_ADMIN_EMAIL) !== Boolean(variables.CAREDESK_ADMIN_PASSWORD)) {
    problems.push("  CAREDESK_ADMIN_EMAIL and CAREDESK_ADMIN_PASSWORD must be set together");
  }
  if (Boolean(variables.EMAIL_SMTP_TLS_KEY_FILE) !== Boolean(variables.EMAIL_SMTP_TLS_CERT_FILE)) {
    problems.push("  EMAIL_SMTP_TLS_KEY_FILE and EMAIL_SMTP_TLS_CERT_FILE must be set together");
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.join("\n")}`);
  const env = parsed.data;
  const dataDir = path.resolve(env.DATA_DIR);
  return {
    environment: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    publicUrl: env.PUBLIC_URL.replace(/\/$/, ""),
    dataDir,
    database: env.DATABASE_URL
      ? { kind: "postgres", url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE }
      : { kind: "pglite", dataDir: path.join(dataDir, "pglite") },
    logLevel: env.LOG_LEVEL,
    seedDemo: env.SEED_DEMO,
    firstAdmin:
      env.CAREDESK_ADMIN_EMAIL && env.CAREDESK_ADMIN_PASSWORD
        ? { email: env.CAREDESK_ADMIN_EMAIL, password: env.CAREDESK_ADMIN_PASSWORD, name: env.CAREDESK_ADMIN_NAME }
        : null,
    accountName: env.CAREDESK_ACCOUNT_NAME,
    sessionTtlHours: env.SESSION_TTL_HOURS,
    isCookieSecure: env.PUBLIC_URL.startsWith("https://"),
    trustProxy: env.TRUST_PROXY,
    runJobs: env.RUN_JOBS,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    loginAttemptsPerMinute: env.LOGIN_ATTEMPTS_PER_MINUTE,
    agentAwayAfterSeconds: env.AGENT_AWAY_AFTER_SECONDS,
    email: {
      smtpListener:
        env.EMAIL_SMTP_PORT === undefined
          ? null
          : {
              host: env.EMAIL_SMTP_HOST,
              port: env.EMAIL_SMTP_PORT,
              hostname: env.EMAIL_SMTP_HOSTNAME ?? new URL(env.PUBLIC_URL).hostname,
              tls: env.EMAIL_SMTP_TLS_KEY_FILE && env.EMAIL_SMTP_TLS_CERT_FILE ? { keyFile: env.EMAIL_SMTP_TLS_KEY_FILE, certFile: env.EMAIL_SMTP_TLS_CERT_FILE } : null,
            },
      maxMessageBytes: env.EMAIL_MAX_MESSAGE_BYTES,
      maxParseBytes: env.EMAIL_MAX_PARSE_BYTES ?? env.EMAIL_MAX_MESSAGE_BYTES,
      mailboxCheckSeconds: env.EMAIL_MAILBOX_CHECK_SECONDS,
    },
  };
}

function withoutEmptyStrings(environment: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(environment).filter((entry): entry is [string, string] => Boolean(entry[1])));
}
