import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { openPglite } from "../../platform/db/pglite-connection.js";
import { projectRoot } from "../../platform/paths.js";
import { databaseUrl, postgresTemplateDatabase, requireServerUrl, type TestDatabaseKind, testDatabaseKind, withAdminClient } from "../test-database.js";

/**
 * Whole-process tests: real Caredesk processes (`node --import tsx server/main.ts`, one
 * process, so signals reach the server itself) on their own data folder or database.
 * Every process started here is killed when the test file ends, even after a failure.
 */

export type ExitStatus = { code: number | null; signal: NodeJS.Signals | null };

const running = new Set<CaredeskProcess>();
process.once("exit", () => {
  for (const caredesk of running) caredesk.child.kill("SIGKILL");
});

export class CaredeskProcess {
  readonly baseUrl: string;
  readonly exited: Promise<ExitStatus>;
  private readonly chunks: string[] = [];
  private exitStatus: ExitStatus | null = null;

  constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
    child.stdout?.on("data", (chunk: Buffer) => this.chunks.push(chunk.toString("utf8")));
    child.stderr?.on("data", (chunk: Buffer) => this.chunks.push(chunk.toString("utf8")));
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.exitStatus = { code, signal };
        running.delete(this);
        resolve(this.exitStatus);
      });
    });
    running.add(this);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Everything the process wrote to stdout and stderr so far. */
  get output(): string {
    return this.chunks.join("");
  }

  get hasExited(): boolean {
    return this.exitStatus !== null;
  }

  /** Waits until /readyz answers 200; fails early, with the output, if the process exits. */
  async waitUntilReady(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exitStatus) throw new Error(`Caredesk exited (${JSON.stringify(this.exitStatus)}) before it was ready:\n${this.output.slice(-4000)}`);
      try {
        const response = await fetch(`${this.baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      await pause(100);
    }
    throw new Error(`Caredesk was not ready within ${timeoutMs} ms:\n${this.output.slice(-4000)}`);
  }

  /** Waits until the output contains the text (a log line, a message). */
  async waitForOutput(text: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.output.includes(text)) {
      if (Date.now() > deadline) throw new Error(`"${text}" did not appear within ${timeoutMs} ms:\n${this.output.slice(-4000)}`);
      if (this.exitStatus) throw new Error(`Caredesk exited (${JSON.stringify(this.exitStatus)}) before "${text}" appeared:\n${this.output.slice(-4000)}`);
      await pause(25);
    }
  }

  /** Sends the signal and waits for the process to be gone (and reaped). */
  async kill(signal: NodeJS.Signals): Promise<ExitStatus> {
    if (!this.exitStatus) this.child.kill(signal);
    return this.exited;
  }
}

/** Starts `server/main.ts` with only the given environment (plus PATH and HOME), listening on 127.0.0.1:port. */
export function startCaredesk({ port, env }: { port: number; env: Record<string, string> }): CaredeskProcess {
  const child = spawn(process.execPath, ["--enable-source-maps", "--import", "tsx", "server/main.ts"], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? os.tmpdir(),
      HOST: "127.0.0.1",
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new CaredeskProcess(child, port);
}

/** Kills whatever is still running (SIGKILL) and waits until it is gone. */
export async function stopAllCaredesks(): Promise<void> {
  await Promise.all([...running].map((caredesk) => caredesk.kill("SIGKILL")));
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export type ProcessDatabase = {
  kind: TestDatabaseKind;
  /** DATA_DIR of the processes (on PGlite the database lives in it). */
  dataDir: string;
  /** The PostgreSQL database's URL (null on PGlite). */
  url: string | null;
  /** DATA_DIR, and DATABASE_URL on PostgreSQL. */
  env: Record<string, string>;
  drop(): Promise<void>;
};

/**
 * A database for whole-process tests, of the kind the test project runs on: a new PGlite
 * data folder, or a new database on TEST_DATABASE_URL's server. Empty by default; with
 * `isMigrated`, a copy of the run's migrated template (creating a PGlite folder from
 * nothing costs seconds that only the tests of an empty start need to spend).
 */
export async function createProcessDatabase({ isMigrated = false, kind = testDatabaseKind }: { isMigrated?: boolean; kind?: TestDatabaseKind } = {}): Promise<ProcessDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "caredesk-process-"));
  const removeFolder = async () => fs.rmSync(dataDir, { recursive: true, force: true });
  if (kind === "pglite") {
    if (isMigrated) {
      const template = new Blob([fs.readFileSync(inject("pgliteTemplatePath"))]);
      const connection = await openPglite({ dataDir: path.join(dataDir, "pglite"), loadDataDir: template });
      await connection.close();
    }
    return { kind, dataDir, url: null, env: { DATA_DIR: dataDir }, drop: removeFolder };
  }
  const serverUrl = requireServerUrl();
  const name = `caredesk_process_${randomBytes(6).toString("hex")}`;
  await withAdminClient(serverUrl, (client) => client.query(`create database ${name}${isMigrated ? ` template ${postgresTemplateDatabase()}` : ""}`));
  const url = databaseUrl(serverUrl, name);
  return {
    kind,
    dataDir,
    url,
    env: { DATA_DIR: dataDir, DATABASE_URL: url, DATABASE_POOL_SIZE: "8" },
    async drop() {
      await withAdminClient(serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
      await removeFolder();
    },
  };
}

export type Session = { cookie: string; csrfToken: string };
export type HttpResponse = { status: number; body: any; headers: Headers };

/** The REST API of a running process over real HTTP, logged in like the web app. */
export class HttpApi {
  constructor(readonly baseUrl: string) {}

  async login(email: string, password: string): Promise<Session> {
    const response = await fetch(`${this.baseUrl}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });
    if (response.status !== 200) throw new Error(`login as ${email} failed: ${response.status} ${await response.text()}`);
    const cookie = response.headers.getSetCookie()[0]!.split(";")[0]!;
    const body = (await response.json()) as { data: { csrfToken: string } };
    return { cookie, csrfToken: body.data.csrfToken };
  }

  get(url: string, options: { as?: Session } = {}): Promise<HttpResponse> {
    return this.request("GET", url, options);
  }

  post(url: string, options: { as?: Session; body?: unknown } = {}): Promise<HttpResponse> {
    return this.request("POST", url, options);
  }

  async request(method: string, url: string, { as, body }: { as?: Session; body?: unknown }): Promise<HttpResponse> {
    const headers: Record<string, string> = {};
    if (as) Object.assign(headers, { cookie: as.cookie, "x-csrf-token": as.csrfToken });
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${this.baseUrl}${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
    const text = await response.text();
    return { status: response.status, body: text && response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text, headers: response.headers };
  }
}

export const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
