import { execSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const READY_TIMEOUT_MS = 90_000;

/**
 * Starts one real Caredesk (the built dist/, a fresh data folder with the demo account)
 * for all browser tests. Builds only when a build is missing; CI builds before testing.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(path.join(projectRoot, "dist/web/index.html")) || !existsSync(path.join(projectRoot, "dist/server/main.js"))) {
    execSync("npm run build", { cwd: projectRoot, stdio: "inherit" });
  }
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = await mkdtemp(path.join(tmpdir(), "caredesk-e2e-"));
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    DATA_DIR: dataDir,
    SEED_DEMO: "true",
    LOG_LEVEL: "warn",
    // Every browser test logs in from 127.0.0.1; the per-address limit has its own API test.
    LOGIN_ATTEMPTS_PER_MINUTE: "1000",
  };
  // The browser tests always run on the embedded database with the demo account.
  delete environment.DATABASE_URL;
  delete environment.CAREDESK_ADMIN_EMAIL;
  delete environment.CAREDESK_ADMIN_PASSWORD;

  const server = spawn(process.execPath, ["--enable-source-maps", "dist/server/main.js"], { cwd: projectRoot, env: environment, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  server.stdout?.on("data", collect);
  server.stderr?.on("data", collect);

  try {
    await waitUntilReady(baseUrl, server, () => output);
  } catch (error) {
    await stop(server);
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  project.provide("baseUrl", baseUrl);

  return async () => {
    await stop(server);
    await rm(dataDir, { recursive: true, force: true });
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no free port"))));
    });
  });
}

async function waitUntilReady(baseUrl: string, server: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`Caredesk exited with ${server.exitCode} before it was ready:\n${output()}`);
    try {
      const response = await fetch(`${baseUrl}/readyz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Caredesk was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${output()}`);
}

async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  server.kill("SIGTERM");
  const forced = setTimeout(() => server.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(forced);
}
