import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export class DataDirLockedError extends Error {}

/**
 * PGlite does not lock its folder: a second process would open it too and writes
 * would be lost. Caredesk holds a lock file with its pid and host while it runs.
 * A lock left by a process that no longer exists (kill -9, power loss) is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, "caredesk.lock");
  const owner = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(owner), { flag: "wx" });
      return () => releaseLock(lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readHolder(lockPath);
      if (holder && isAlive(holder)) {
        throw new DataDirLockedError(
          `The data folder ${dataDir} is in use by another Caredesk process (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}). ` +
            "Stop it first, or point DATA_DIR at another folder.",
        );
      }
      takeOverStaleLock(lockPath, holder);
    }
  }
  throw new DataDirLockedError(`Could not lock the data folder ${dataDir}.`);
}

/**
 * Moves a dead holder's lock aside. Renaming is atomic, and the moved file is checked to
 * be the dead holder's: when two processes take over at once and one has already written
 * its own lock, that lock is put back, and the slower process finds it on its next attempt.
 */
function takeOverStaleLock(lockPath: string, staleHolder: LockHolder | null): void {
  const aside = `${lockPath}.stale-${process.pid}-${Date.now()}`;
  try {
    fs.renameSync(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const moved = readHolder(aside);
  const isTheStaleOne = moved === null || staleHolder === null || (moved.pid === staleHolder.pid && moved.startedAt === staleHolder.startedAt && moved.host === staleHolder.host);
  if (isTheStaleOne) {
    fs.rmSync(aside, { force: true });
    return;
  }
  try {
    fs.linkSync(aside, lockPath);
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

type LockHolder = { pid: number; host: string; startedAt: string };

function readHolder(lockPath: string): LockHolder | null {
  try {
    return JSON.parse(fs.readFileSync(lockPath, "utf8")) as LockHolder;
  } catch {
    return null; // unreadable or half-written: its writer died mid-write
  }
}

function isAlive(holder: LockHolder): boolean {
  // Another host sharing the folder cannot be checked; treat it as alive.
  if (holder.host !== os.hostname()) return true;
  // In a container the restarted server may get the same pid as the dead one.
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function releaseLock(lockPath: string): void {
  const holder = readHolder(lockPath);
  if (holder?.pid === process.pid) fs.rmSync(lockPath, { force: true });
}
