import type { ReadStream } from "node:fs";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { fileTypeFromBuffer } from "file-type";
import { z } from "zod";
import { limits } from "../../../common/limits.js";
import type { ServiceDeps } from "../../context.js";
import type { AgentActor } from "../../platform/actor.js";
import type { Executor } from "../../platform/db/database.js";
import type { AttachmentRow } from "../../platform/db/rows.js";
import { NotFoundError, PayloadTooLargeError, ValidationError } from "../../platform/errors.js";
import { attachments } from "./attachments.table.js";

export type IncomingFile = { fileName: string; bytes: Buffer };

export const SavedFile = z.object({
  fileName: z.string(),
  contentType: z.string(),
  storageKey: z.string(),
  sha256: z.string(),
  byteSize: z.number().int(),
});
export type SavedFile = z.infer<typeof SavedFile>;

/** Types a browser may show inline; everything else is served as a download. */
const INLINE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain"]);

export class AttachmentService {
  constructor(private readonly deps: Pick<ServiceDeps, "db" | "files">) {}

  /** Checks, sniffs and writes the bytes to the file store; the row is recorded separately. */
  async save(accountId: string, file: IncomingFile): Promise<SavedFile> {
    if (file.bytes.byteLength > limits.attachmentBytes) throw attachmentTooLarge(file.fileName, file.bytes.byteLength);
    const contentType = await sniffContentType(file.bytes);
    const stored = await this.deps.files.put(accountId, file.bytes);
    return { ...stored, contentType, fileName: cleanFileName(file.fileName) };
  }

  /** Records a saved file; `messageId` null means uploaded by an agent, not yet sent. */
  async record(executor: Executor, accountId: string, file: SavedFile, owner: { messageId: string | null; uploadedByAgentId: string | null }): Promise<AttachmentRow> {
    const [row] = await executor
      .insert(attachments)
      .values({ accountId, ...owner, fileName: file.fileName, contentType: file.contentType, byteSize: file.byteSize, sha256: file.sha256, storageKey: file.storageKey })
      .returning();
    return row!;
  }

  async upload(actor: AgentActor, file: IncomingFile): Promise<AttachmentRow> {
    const saved = await this.save(actor.accountId, file);
    return this.record(this.deps.db, actor.accountId, saved, { messageId: null, uploadedByAgentId: actor.id });
  }

  /** Binds an agent's own pending uploads to the message being sent. */
  async attachUploads(tx: Executor, actor: AgentActor, attachmentIds: string[], messageId: string): Promise<AttachmentRow[]> {
    const ids = [...new Set(attachmentIds)];
    if (ids.length === 0) return [];
    const bound = await tx
      .update(attachments)
      .set({ messageId })
      .where(
        and(
          eq(attachments.accountId, actor.accountId),
          eq(attachments.uploadedByAgentId, actor.id),
          isNull(attachments.messageId),
          inArray(attachments.id, ids),
        ),
      )
      .returning();
    if (bound.length !== ids.length) {
      throw new ValidationError("attachment_not_found", "An attachment does not exist or is already sent.", [{ field: "body.attachmentIds", message: "contains an unknown attachment" }]);
    }
    return bound;
  }

  async open(actor: AgentActor, id: string): Promise<{ attachment: AttachmentRow; stream: ReadStream; isInline: boolean }> {
    const [attachment] = await this.deps.db
      .select()
      .from(attachments)
      .where(and(eq(attachments.accountId, actor.accountId), eq(attachments.id, id)));
    if (!attachment) throw new NotFoundError("attachment_not_found", "This attachment does not exist.");
    return { attachment, stream: this.deps.files.open(attachment.storageKey), isInline: INLINE_TYPES.has(attachment.contentType) };
  }
}

/** The one answer to a file over the limit, whichever way it arrived (upload, channel, mail). */
export function attachmentTooLarge(fileName: string, byteSize?: number): PayloadTooLargeError {
  return new PayloadTooLargeError("attachment_too_large", `Attachments may be at most ${limits.attachmentBytes / 1024 / 1024} MB.`, {
    fileName,
    ...(byteSize === undefined ? {} : { byteSize }),
  });
}

/** The type the bytes really have; a sender's claim is not trusted. */
async function sniffContentType(bytes: Buffer): Promise<string> {
  const sniffed = await fileTypeFromBuffer(bytes);
  if (sniffed) return sniffed.mime;
  return looksLikeText(bytes) ? "text/plain" : "application/octet-stream";
}

function looksLikeText(bytes: Buffer): boolean {
  const sample = bytes.subarray(0, 4096);
  if (sample.includes(0)) return false;
  return !new TextDecoder("utf-8", { fatal: false }).decode(sample).includes("\uFFFD");
}

function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, "").trim().slice(0, 200);
  return cleaned || "attachment";
}
