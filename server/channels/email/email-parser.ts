import { convert as htmlToPlainText } from "html-to-text";
import { type AddressObject, simpleParser } from "mailparser";
import type { EmailAddress } from "../../modules/email/email.table.js";
import { automationOf } from "./automated-mail.js";
import { type DeliveryReport, deliveryReportOf } from "./delivery-status.js";
import { addressIn, decodeEncodedWords, headerValue, messageIdOf, messageIdsIn, type RawHeaders, readHeaders, splitRaw } from "./raw-mail.js";
import { isTnef, readTnefFiles } from "./tnef.js";

export type ParsedAttachment = { fileName: string; contentType: string; content: Buffer; contentId: string | null };

/** A received mail in Caredesk's terms: what threading, the message and the agent app need. */
export type ParsedEmail = {
  headerMessageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  from: EmailAddress | null;
  to: EmailAddress[];
  cc: EmailAddress[];
  replyTo: EmailAddress[];
  sentAt: Date | null;
  /** From Content-Language, when it names a language Caredesk speaks. */
  language: "en" | "de" | null;
  text: string;
  /** As received: not sanitized yet. */
  html: string | null;
  attachments: ParsedAttachment[];
  automation: string | null;
  deliveryReport: DeliveryReport | null;
  /** Why the mail could not be read fully (the raw mail is then attached), or null. */
  parseError: string | null;
};

/** Longer texts are cut (the whole mail stays in the raw source); PostgreSQL's tsvector has a 1 MB limit. */
export const MAX_TEXT_LENGTH = 100_000;

/**
 * Parses a raw mail with mailparser (any charset, encoded words, nested multiparts, inline
 * images as cid: links, TNEF unpacked). Never throws: a mail it cannot read comes back with
 * `parseError` set and what its headers and raw body still tell.
 */
export async function parseEmail(raw: Buffer, options: { maxParseBytes: number; ownAddresses: Set<string> }): Promise<ParsedEmail> {
  const headers = readHeaders(raw);
  const fallback = fromHeadersOnly(headers, raw, options.ownAddresses);
  if (headers.lines.length === 0) return { ...fallback, parseError: "The mail has no header section; the raw text is shown." };
  if (raw.byteLength > options.maxParseBytes) {
    const megabytes = (size: number) => (size / 1024 / 1024).toFixed(1);
    return {
      ...fallback,
      text: "",
      parseError: `The mail is ${megabytes(raw.byteLength)} MB; mails above ${megabytes(options.maxParseBytes)} MB are not read. It is attached as it arrived.`,
    };
  }
  let parsed: Awaited<ReturnType<typeof simpleParser>>;
  try {
    parsed = await simpleParser(raw, { keepCidLinks: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  } catch (error) {
    return { ...fallback, parseError: `The mail could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }

  const html = typeof parsed.html === "string" && parsed.html.trim() ? parsed.html : null;
  const attachments = parsed.attachments.flatMap((attachment, index): ParsedAttachment[] => {
    const content = attachment.content;
    if (attachment.contentType === "application/ms-tnef" || /^winmail\.dat$/i.test(attachment.filename ?? "") || isTnef(content)) {
      const files = readTnefFiles(content);
      if (files.length > 0) return files.map((file) => ({ fileName: file.fileName, contentType: "application/octet-stream", content: file.content, contentId: null }));
    }
    return [
      {
        fileName: attachment.filename?.trim() || defaultFileName(attachment.contentType, index + 1),
        contentType: attachment.contentType,
        content,
        contentId: attachment.cid ? attachment.cid.replace(/^<|>$/g, "") : null,
      },
    ];
  });
  // Without a text/plain part mailparser derives the text itself (keeping every link target); ours reads better.
  const hasTextPart = !headerValue(headers, "content-type") || /content-type:\s*text\/plain/i.test(raw.subarray(0, 2 * 1024 * 1024).toString("latin1"));
  let text = parsed.text?.trim() && (hasTextPart || !html) ? parsed.text : html ? htmlToText(html) : "";
  let parseError: string | null = null;

  // mailparser drops the content of a multipart whose boundary never appears: keep it visible.
  const contentType = headerValue(headers, "content-type")?.toLowerCase() ?? "";
  const { body } = splitRaw(raw);
  if (contentType.startsWith("multipart/") && !text.trim() && !html && attachments.length === 0 && body.toString("latin1").trim()) {
    const boundary = /boundary\s*=\s*"?([^";]+)"?/i.exec(headerValue(headers, "content-type") ?? "")?.[1];
    parseError = boundary
      ? `The mail's MIME structure is broken: its boundary "${boundary}" never appears. The raw body is shown.`
      : "The mail's MIME structure is broken: it declares a multipart without a boundary. The raw body is shown.";
    text = decodeLoosely(body);
  }

  const from = firstAddress(parsed.from) ?? fallback.from;
  return {
    headerMessageId: parsed.messageId ? (messageIdsIn(parsed.messageId)[0] ?? null) : fallback.headerMessageId,
    inReplyTo: fallback.inReplyTo,
    references: fallback.references,
    subject: (parsed.subject ?? fallback.subject).trim(),
    from,
    to: addressesOf(parsed.to),
    cc: addressesOf(parsed.cc),
    replyTo: addressesOf(parsed.replyTo),
    sentAt: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : fallback.sentAt,
    language: fallback.language ?? guessLanguage(`${parsed.subject ?? ""}\n${text}`),
    text: truncate(text),
    html,
    attachments,
    automation: automationOf(headers, from?.address ?? null, options.ownAddresses),
    deliveryReport: deliveryReportOf(raw, headers, from?.address ?? null),
    parseError,
  };
}

/** What the header section alone tells, for mail the MIME parser cannot read. */
function fromHeadersOnly(headers: RawHeaders, raw: Buffer, ownAddresses: Set<string>): ParsedEmail {
  const fromHeader = headerValue(headers, "from");
  const fromAddress = addressIn(fromHeader);
  const fromName = fromHeader ? decodeEncodedWords(fromHeader.replace(/<[^>]*>/, "")).replace(/["']/g, "").trim() : "";
  const from = fromAddress ? { name: fromName && !fromName.includes("@") ? fromName : null, address: fromAddress } : null;
  const sentAt = headerValue(headers, "date") ? new Date(headerValue(headers, "date")!) : null;
  const contentLanguage = headerValue(headers, "content-language")?.toLowerCase() ?? "";
  return {
    headerMessageId: messageIdOf(headers),
    inReplyTo: messageIdsIn(headerValue(headers, "in-reply-to"))[0] ?? null,
    references: messageIdsIn(headerValue(headers, "references")).slice(-50),
    subject: decodeEncodedWords(headerValue(headers, "subject") ?? "").trim(),
    from,
    to: rawAddresses(headerValue(headers, "to")),
    cc: rawAddresses(headerValue(headers, "cc")),
    replyTo: rawAddresses(headerValue(headers, "reply-to")),
    sentAt: sentAt && !Number.isNaN(sentAt.getTime()) ? sentAt : null,
    language: contentLanguage.startsWith("de") ? "de" : contentLanguage.startsWith("en") ? "en" : null,
    text: truncate(decodeLoosely(splitRaw(raw).body)),
    html: null,
    attachments: [],
    automation: automationOf(headers, fromAddress, ownAddresses),
    deliveryReport: deliveryReportOf(raw, headers, fromAddress),
    parseError: null,
  };
}

function rawAddresses(value: string | null): EmailAddress[] {
  if (!value) return [];
  return value
    .split(",")
    .map((part) => addressIn(part))
    .filter((address): address is string => address !== null)
    .map((address) => ({ name: null, address }));
}

function addressesOf(value: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const addresses: EmailAddress[] = [];
  for (const object of objects) {
    for (const entry of object.value) {
      for (const member of entry.group ?? [entry]) {
        if (member.address && member.address.includes("@")) addresses.push({ name: member.name?.trim() || null, address: member.address.trim().toLowerCase() });
      }
    }
  }
  return addresses;
}

function firstAddress(value: AddressObject | AddressObject[] | undefined): EmailAddress | null {
  return addressesOf(value)[0] ?? null;
}

const germanWords = new Set(["und", "der", "die", "das", "ich", "nicht", "ist", "sie", "bitte", "mit", "für", "ein", "eine", "meine", "meiner", "wir", "habe", "noch", "auf", "zu", "vielen", "dank", "grüße", "hallo", "guten", "tag", "bestellung", "rechnung"]);
const englishWords = new Set(["the", "and", "is", "not", "please", "my", "you", "your", "have", "with", "for", "this", "that", "order", "thanks", "thank", "hello", "hi", "regards", "would", "could", "was", "are"]);

/** "de" or "en" when the words of a mail clearly say so (for a new customer's language), else null. */
export function guessLanguage(text: string): "de" | "en" | null {
  let german = 0;
  let english = 0;
  for (const word of text.toLowerCase().slice(0, 5000).split(/[^a-zäöüß]+/)) {
    if (germanWords.has(word)) german += 1;
    else if (englishWords.has(word)) english += 1;
  }
  if (german >= 3 && german >= english * 2) return "de";
  if (english >= 3 && english >= german * 2) return "en";
  return null;
}

/** A body of unknown encoding as text: UTF-8 when it is valid UTF-8, Latin-1 otherwise. */
function decodeLoosely(bytes: Buffer): string {
  try {
    return truncate(new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/\r\n?/g, "\n").trim());
  } catch {
    return truncate(bytes.toString("latin1").replace(/\r\n?/g, "\n").trim());
  }
}

export function htmlToText(html: string): string {
  return htmlToPlainText(html, {
    wordwrap: false,
    selectors: [
      { selector: "img", format: "skip" },
      { selector: "a", options: { ignoreHref: true } },
    ],
  }).trim();
}

function truncate(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/\u0000/g, "");
  return clean.length > MAX_TEXT_LENGTH ? `${clean.slice(0, MAX_TEXT_LENGTH)}\n\n[… the text is cut here; the whole mail is in its raw source]` : clean;
}

const extensions: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
  "image/webp": "webp",
  "application/pdf": "pdf",
  "message/rfc822": "eml",
  "text/plain": "txt",
  "text/html": "html",
  "text/calendar": "ics",
};

function defaultFileName(contentType: string, position: number): string {
  if (contentType === "message/rfc822") return `attached-message-${position}.eml`;
  return `attachment-${position}.${extensions[contentType] ?? "bin"}`;
}
