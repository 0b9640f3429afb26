import { createHash } from "node:crypto";

/**
 * Reading a raw mail's header section directly, without a MIME parser: for the dedupe key
 * before anything is parsed, and for what a broken mail still tells us.
 */

export type RawHeaders = { text: string; lines: Array<{ name: string; value: string }> };

const MAX_MESSAGE_ID_LENGTH = 500;

/** The header section and the body of a raw mail (split at the first empty line). */
export function splitRaw(raw: Buffer): { header: string; body: Buffer } {
  const crlf = raw.indexOf("\r\n\r\n");
  const lf = raw.indexOf("\n\n");
  const candidates = [crlf === -1 ? null : { at: crlf, length: 4 }, lf === -1 ? null : { at: lf, length: 2 }].filter(
    (candidate): candidate is { at: number; length: number } => candidate !== null,
  );
  if (candidates.length === 0) return looksLikeHeaders(raw.toString("latin1")) ? { header: raw.toString("latin1"), body: Buffer.alloc(0) } : { header: "", body: raw };
  const first = candidates.reduce((earliest, candidate) => (candidate.at < earliest.at ? candidate : earliest));
  const header = raw.subarray(0, first.at).toString("latin1");
  if (!looksLikeHeaders(header)) return { header: "", body: raw };
  return { header, body: raw.subarray(first.at + first.length) };
}

function looksLikeHeaders(text: string): boolean {
  return /^[!-9;-~]+:/.test(text.trimStart());
}

/** Unfolded header lines, names lower-cased, in order. */
export function readHeaders(raw: Buffer): RawHeaders {
  const { header } = splitRaw(raw);
  const lines: Array<{ name: string; value: string }> = [];
  for (const line of header.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && lines.length > 0) {
      lines[lines.length - 1]!.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    lines.push({ name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() });
  }
  return { text: header, lines };
}

export function headerValue(headers: RawHeaders, name: string): string | null {
  return headers.lines.find((line) => line.name === name)?.value ?? null;
}

export function headerValues(headers: RawHeaders, name: string): string[] {
  return headers.lines.filter((line) => line.name === name).map((line) => line.value);
}

/** Every `<id>` in a header value, without brackets (References, In-Reply-To). */
export function messageIdsIn(value: string | null | undefined): string[] {
  if (!value) return [];
  const ids = [...value.matchAll(/<([^<>\s]+)>/g)].map((match) => match[1]!.slice(0, MAX_MESSAGE_ID_LENGTH));
  if (ids.length > 0) return ids;
  // Some mailers leave the brackets out.
  const bare = value.trim();
  return /^[^\s<>]+@[^\s<>]+$/.test(bare) ? [bare.slice(0, MAX_MESSAGE_ID_LENGTH)] : [];
}

export function messageIdOf(headers: RawHeaders): string | null {
  return messageIdsIn(headerValue(headers, "message-id"))[0] ?? null;
}

/**
 * What identifies one mail however often it arrives (two mailboxes, IMAP and SMTP, a retried
 * delivery): its Message-ID and a hash of its body. The body hash keeps two different mails
 * apart that a broken mailer gave the same Message-ID. A mail without Message-ID is
 * identified by its sender, date, subject and body.
 */
export function dedupeKeyOf(raw: Buffer): string {
  const headers = readHeaders(raw);
  const { body } = splitRaw(raw);
  const bodyHash = createHash("sha256").update(normalizeBody(body)).digest("hex").slice(0, 32);
  const messageId = messageIdOf(headers);
  if (messageId) return `${messageId}#${bodyHash}`;
  const identity = ["from", "date", "subject", "to"].map((name) => headerValue(headers, name) ?? "").join("\n");
  return `no-message-id#${createHash("sha256").update(identity).update(bodyHash).digest("hex").slice(0, 40)}`;
}

function normalizeBody(body: Buffer): string {
  return body
    .toString("latin1")
    .replace(/\r\n/g, "\n")
    .replace(/[ \t]+\n/g, "\n")
    .trimEnd();
}

/** Decodes RFC 2047 encoded words (`=?charset?B|Q?…?=`) for headers read without the MIME parser. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_match, charset: string, encoding: string, text: string) => {
      try {
        const bytes =
          encoding.toUpperCase() === "B"
            ? Buffer.from(text, "base64")
            : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9a-fA-F]{2})/g, (_hex, code: string) => String.fromCharCode(parseInt(code, 16))), "latin1");
        return new TextDecoder(charset.split("*")[0]!.trim().toLowerCase()).decode(bytes);
      } catch {
        return text;
      }
    });
}

/** The bare address in a header such as `"Kim" <kim@example.com>`. */
export function addressIn(value: string | null | undefined): string | null {
  if (!value) return null;
  const bracketed = /<([^<>\s]+@[^<>\s]+)>/.exec(value);
  if (bracketed) return bracketed[1]!.toLowerCase();
  const bare = /([^\s<>"',;:]+@[^\s<>"',;:]+)/.exec(value);
  return bare ? bare[1]!.toLowerCase() : null;
}
