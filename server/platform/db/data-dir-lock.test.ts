import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirLockedError, lockDataDir } from "./data-dir-lock.js";

const folders: string[] = [];
const newFolder = () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "caredesk-lock-test-"));
  folders.push(folder);
  return folder;
};
const lockFile = (folder: string) => path.join(folder, "caredesk.lock");
const readLock = (folder: string) => JSON.parse(fs.readFileSync(lockFile(folder), "utf8")) as { pid: number; host: string; startedAt: string };
const writeLock = (folder: string, holder: { pid: number; host?: string }) =>
  fs.writeFileSync(lockFile(folder), JSON.stringify({ pid: holder.pid, host: holder.host ?? os.hostname(), startedAt: "2026-01-01T00:00:00.000Z" }));

/** The pid of a process that has exited (and been reaped), as after a kill -9. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", "process.exit(0)"], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid!;
}

afterEach(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

describe("lockDataDir", () => {
  it("creates the folder, records this process as the holder and releases on request", () => {
    const folder = path.join(newFolder(), "not", "there", "yet");
    const release = lockDataDir(folder);
    expect(readLock(folder)).toMatchObject({ pid: process.pid, host: os.hostname() });
    release();
    expect(fs.existsSync(lockFile(folder))).toBe(false);
  });

  it("refuses while the holder is alive, naming it and the folder", () => {
    const folder = newFolder();
    writeLock(folder, { pid: process.ppid }); // the test runner: certainly alive
    expect(() => lockDataDir(folder)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(folder)).toThrow(`The data folder ${folder} is in use by another Caredesk process (pid ${process.ppid} on ${os.hostname()}`);
    expect(readLock(folder).pid).toBe(process.ppid);
  });

  it("refuses a holder on another host, which it cannot check", () => {
    const folder = newFolder();
    writeLock(folder, { pid: 1, host: "another-host.internal" });
    expect(() => lockDataDir(folder)).toThrow(/in use by another Caredesk process \(pid 1 on another-host\.internal/);
  });

  it("takes over the lock of a holder that no longer exists", async () => {
    const folder = newFolder();
    writeLock(folder, { pid: await deadPid() });
    const release = lockDataDir(folder);
    expect(readLock(folder).pid).toBe(process.pid);
    release();
  });

  it("takes over a lock file its writer left half-written", () => {
    const folder = newFolder();
    fs.writeFileSync(lockFile(folder), '{"pid": 12');
    const release = lockDataDir(folder);
    expect(readLock(folder).pid).toBe(process.pid);
    release();
  });

  it("does not remove a lock that another process holds by now", () => {
    const folder = newFolder();
    const release = lockDataDir(folder);
    writeLock(folder, { pid: process.ppid });
    release();
    expect(readLock(folder).pid).toBe(process.ppid);
  });
});
