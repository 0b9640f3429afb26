import { createHash, randomUUID } from "node:crypto";
import { createReadStream, type ReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";

export type StoredFile = { storageKey: string; sha256: string; byteSize: number };

/**
 * Files (attachments, raw inbound payloads) under the data folder. Keys are opaque and
 * never derived from a sender's file name. Writes go to a temporary file and are renamed
 * into place, so a crash never leaves half a file under a key.
 * With several servers, DATA_DIR must be shared storage (see README).
 */
export class FileStore {
  private readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, "files");
  }

  async put(accountId: string, bytes: Buffer): Promise<StoredFile> {
    const now = new Date();
    const storageKey = path.posix.join(accountId, String(now.getUTCFullYear()), String(now.getUTCMonth() + 1).padStart(2, "0"), randomUUID());
    const target = this.pathOf(storageKey);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.partial`;
    await fs.writeFile(temporary, bytes);
    await fs.rename(temporary, target);
    return { storageKey, sha256: createHash("sha256").update(bytes).digest("hex"), byteSize: bytes.byteLength };
  }

  open(storageKey: string): ReadStream {
    return createReadStream(this.pathOf(storageKey));
  }

  async read(storageKey: string): Promise<Buffer> {
    return fs.readFile(this.pathOf(storageKey));
  }

  async remove(storageKey: string): Promise<void> {
    await fs.rm(this.pathOf(storageKey), { force: true });
  }

  private pathOf(storageKey: string): string {
    const resolved = path.resolve(this.root, storageKey);
    if (!resolved.startsWith(this.root + path.sep)) throw new Error("storage key escapes the file store");
    return resolved;
  }
}
