import { fileTypeFromBuffer } from "file-type";
import { z } from "zod";
import { PayloadTooLargeError } from "../../platform/errors.js";
import { sanitizeMessageHtml } from "../../platform/html.js";
import { AttachmentService, type SavedFile } from "../../modules/attachments/attachments.service.js";
import type { EmailAddress, InlineImage } from "../../modules/email/email.table.js";
import type { AdapterContext, InboundMessage } from "../channel-adapter.js";
import type { ChannelRow } from "../../platform/db/rows.js";
import { isNoReplyAddress } from "./automated-mail.js";
import type { DeliveryReport } from "./delivery-status.js";
import { type ParsedAttachment, type ParsedEmail, parseEmail } from "./email-parser.js";
import { emailSettingsOf, ownAddresses } from "./email-settings.js";
import { splitHtml, splitText } from "./quoted-text.js";

/** What ingest stores for a received mail: where the raw mail lies and how it came in. */
export const EmailInboundPayload = z.object({
  kind: z.literal("email"),
  dedupeKey: z.string(),
  /** Null only for a mail too large to download (IMAP); `summary` then says what it was. */
  storageKey: z.string().nullable(),
  sha256: z.string().nullable(),
  byteSize: z.number().int(),
  source: z.enum(["imap", "smtp", "test", "demo", "reprocess"]),
  folder: z.string().nullable().default(null),
  uid: z.number().int().nullable().default(null),
  envelope: z.object({ mailFrom: z.string().nullable(), rcptTo: z.array(z.string()) }).nullable().default(null),
  summary: z.object({ from: z.string().nullable(), subject: z.string().nullable() }).nullable().default(null),
});
export type EmailInboundPayload = z.infer<typeof EmailInboundPayload>;

/** The `channelData` of a received mail's InboundMessage: what the email intake records and threads by. */
export type EmailInboundData = {
  kind: "email";
  dedupeKey: string;
  headerMessageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  from: EmailAddress | null;
  to: EmailAddress[];
  cc: EmailAddress[];
  replyTo: EmailAddress[];
  /** The address the customer is identified by and replies go to. */
  customerAddress: EmailAddress;
  /** Every address the mail was sent to (envelope and headers): reply tokens are looked for here. */
  recipients: string[];
  sentAt: string | null;
  textBody: string;
  textSignature: string | null;
  textQuoted: string | null;
  htmlBody: string | null;
  htmlSignature: string | null;
  htmlQuoted: string | null;
  hasRemoteImages: boolean;
  inlineImages: InlineImage[];
  rawStorageKey: string | null;
  rawByteSize: number;
  automation: string | null;
  deliveryReport: DeliveryReport | null;
  parseError: string | null;
};

export function isEmailInboundData(value: unknown): value is EmailInboundData {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "email";
}

const UNKNOWN_SENDER = "unknown-sender@caredesk.invalid";

/**
 * Reads a stored mail into an InboundMessage: parsed, attachments saved, HTML split and
 * sanitized. A mail that cannot be read fully still becomes a message, with the raw mail
 * attached and `parseError` set.
 */
export async function parseStoredEmail(payload: unknown, context: AdapterContext & { channel: ChannelRow }): Promise<InboundMessage> {
  const stored = EmailInboundPayload.parse(payload);
  const settings = emailSettingsOf(context.channel.settings);
  const own = ownAddresses(settings);
  const accountId = context.channel.accountId;

  let parsed: ParsedEmail;
  if (stored.storageKey) {
    const raw = await context.files.read(stored.storageKey);
    parsed = await parseEmail(raw, { maxParseBytes: context.config.email.maxParseBytes, ownAddresses: own });
  } else {
    parsed = tooLargeToDownload(stored, context.config.email.maxMessageBytes);
  }

  const attachments = new AttachmentService({ db: context.db, files: context.files });
  const files: SavedFile[] = [];
  const inlineImages: InlineImage[] = [];
  for (const attachment of parsed.attachments) {
    const file = await saveAttachment(attachments, context, accountId, attachment);
    files.push(file);
    if (attachment.contentId) inlineImages.push({ contentId: attachment.contentId, storageKey: file.storageKey });
  }
  if (parsed.parseError && stored.storageKey && stored.sha256) {
    files.push({ fileName: "original.eml", contentType: "message/rfc822", storageKey: stored.storageKey, sha256: stored.sha256, byteSize: stored.byteSize });
  }

  const customerAddress = customerAddressOf(parsed, stored, own);
  const parseError = parsed.parseError ?? (customerAddress.address === UNKNOWN_SENDER ? "The mail names no sender address." : null);
  // eslint-disable-next-line no-control-regex
  const html = parsed.html?.replace(/\u0000/g, "") ?? null;
  const textParts = splitText(parsed.text);
  const htmlParts = html ? splitHtml(html) : null;
  const sanitize = (part: string | null) => (part === null ? null : sanitizeMessageHtml(part, { allowRemoteImages: true }));
  const recipients = [...(stored.envelope?.rcptTo ?? []), ...parsed.to.map((person) => person.address), ...parsed.cc.map((person) => person.address)];
  const data: EmailInboundData = {
    kind: "email",
    dedupeKey: stored.dedupeKey,
    headerMessageId: parsed.headerMessageId,
    inReplyTo: parsed.inReplyTo,
    references: parsed.references,
    subject: parsed.subject,
    from: parsed.from,
    to: parsed.to,
    cc: parsed.cc,
    replyTo: parsed.replyTo,
    customerAddress,
    recipients: [...new Set(recipients.map((address) => address.toLowerCase()))],
    sentAt: parsed.sentAt?.toISOString() ?? null,
    textBody: textParts.body,
    textSignature: textParts.signature,
    textQuoted: textParts.quoted,
    htmlBody: sanitize(htmlParts?.body ?? null),
    htmlSignature: sanitize(htmlParts?.signature ?? null),
    htmlQuoted: sanitize(htmlParts?.quoted ?? null),
    hasRemoteImages: html ? /<img\b[^>]*\bsrc\s*=\s*["']?\s*(https?:)?\/\//i.test(html) : false,
    inlineImages,
    rawStorageKey: stored.storageKey,
    rawByteSize: stored.byteSize,
    automation: automationOf(parsed, customerAddress, own),
    deliveryReport: parsed.deliveryReport,
    parseError,
  };
  return {
    externalId: stored.dedupeKey,
    customer: { identities: [{ kind: "email", value: customerAddress.address }], name: customerAddress.name, language: parsed.language },
    subject: parsed.subject || null,
    text: parsed.text || (parseError ? `(${parseError})` : ""),
    html,
    attachments: files,
    sentAt: data.sentAt,
    channelData: data,
  };
}

/**
 * Who the customer is: the sender, except that a contact form or shop system sending from a
 * no-reply address with the customer in Reply-To means the customer. Without any sender the
 * envelope sender is used, and failing that a placeholder address.
 */
function customerAddressOf(parsed: ParsedEmail, stored: EmailInboundPayload, own: Set<string>): EmailAddress {
  const replyTo = parsed.replyTo.filter((person) => !own.has(person.address));
  if (parsed.from && isNoReplyAddress(parsed.from.address) && replyTo.length === 1 && !parsed.deliveryReport) return replyTo[0]!;
  if (parsed.from) return parsed.from;
  if (replyTo[0]) return replyTo[0];
  const envelopeSender = stored.envelope?.mailFrom?.toLowerCase();
  if (envelopeSender && envelopeSender.includes("@")) return { name: null, address: envelopeSender };
  return { name: null, address: UNKNOWN_SENDER };
}

/**
 * A contact form or shop system sends from a no-reply address on the customer's behalf: that
 * From alone does not make the mail automatic (other automation headers still do).
 */
function automationOf(parsed: ParsedEmail, customer: EmailAddress, own: Set<string>): string | null {
  if (own.has(customer.address)) return "sent from this channel's own address";
  const isOnBehalf = parsed.from !== null && customer.address !== parsed.from.address && !parsed.deliveryReport;
  if (isOnBehalf && parsed.automation?.startsWith("no-reply sender")) return null;
  return parsed.automation;
}

async function saveAttachment(attachments: AttachmentService, context: AdapterContext, accountId: string, attachment: ParsedAttachment): Promise<SavedFile> {
  try {
    return await attachments.save(accountId, { fileName: attachment.fileName, bytes: attachment.content });
  } catch (error) {
    if (!(error instanceof PayloadTooLargeError)) throw error;
    // Mail already arrived: a file above the upload limit is kept too (served as a download).
    const stored = await context.files.put(accountId, attachment.content);
    const sniffed = await fileTypeFromBuffer(attachment.content.subarray(0, 64 * 1024));
    return { ...stored, fileName: attachment.fileName.replace(/[\\/]/g, "_").slice(0, 200), contentType: sniffed?.mime ?? "application/octet-stream" };
  }
}

function tooLargeToDownload(stored: EmailInboundPayload, maxMessageBytes: number): ParsedEmail {
  const megabytes = (size: number) => (size / 1024 / 1024).toFixed(1);
  const from = stored.summary?.from ? { name: null, address: stored.summary.from.toLowerCase() } : null;
  return {
    headerMessageId: null,
    inReplyTo: null,
    references: [],
    subject: stored.summary?.subject ?? "",
    from,
    to: [],
    cc: [],
    replyTo: [],
    sentAt: null,
    language: null,
    text: "",
    html: null,
    attachments: [],
    automation: null,
    deliveryReport: null,
    parseError: `The mail is ${megabytes(stored.byteSize)} MB, more than the ${megabytes(maxMessageBytes)} MB Caredesk downloads. It stays in the mailbox${stored.folder ? ` (folder ${stored.folder}, UID ${stored.uid})` : ""}.`,
  };
}
