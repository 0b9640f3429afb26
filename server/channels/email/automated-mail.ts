import { type RawHeaders, headerValue, headerValues } from "./raw-mail.js";

/** Header Caredesk puts on every mail it sends, to recognise its own mail coming back. */
export const LOOP_HEADER = "x-caredesk-loop";

const noReplyLocalPart = /^(mailer-daemon|postmaster|no[-_.]?reply|do[-_.]?not[-_.]?reply|donotreply|bounces?|auto[-_.]?reply|notifications?-noreply)([+-].*)?$/i;

/** Whether an address is one that must never be answered automatically (mailer daemons, no-reply senders). */
export function isNoReplyAddress(address: string | null): boolean {
  if (!address) return false;
  const localPart = address.split("@")[0] ?? "";
  return noReplyLocalPart.test(localPart);
}

/**
 * Why a received mail was sent by a machine rather than a person (RFC 3834 and the headers
 * mail systems use in practice), or null. Such mail becomes a conversation like any other,
 * but it is never acknowledged automatically, which is what stops mail loops.
 */
export function automationOf(headers: RawHeaders, fromAddress: string | null, ownAddresses: Set<string>): string | null {
  const autoSubmitted = headerValue(headers, "auto-submitted")?.toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith("no")) return `auto-submitted: ${autoSubmitted.split(";")[0]!.trim()}`;
  const precedence = headerValue(headers, "precedence")?.toLowerCase().trim();
  if (precedence && ["bulk", "list", "junk", "auto_reply", "auto-reply"].includes(precedence)) return `precedence: ${precedence}`;
  if (headerValue(headers, LOOP_HEADER)) return "sent by Caredesk";
  const loops = headerValues(headers, "x-loop").map((value) => value.toLowerCase());
  if (loops.some((value) => [...ownAddresses].some((address) => value.includes(address)))) return "x-loop: this mailbox";
  if (headerValue(headers, "x-autoreply") || headerValue(headers, "x-autorespond")) return "auto-reply header";
  const suppress = headerValue(headers, "x-auto-response-suppress")?.toLowerCase() ?? "";
  if (/\b(all|oof|autoreply)\b/.test(suppress)) return `x-auto-response-suppress: ${suppress}`;
  if (headerValue(headers, "list-id") || headerValue(headers, "list-unsubscribe")) return "mailing list";
  if (isNoReplyAddress(fromAddress)) return `no-reply sender: ${fromAddress}`;
  const returnPath = headerValue(headers, "return-path");
  if (returnPath !== null && /^<\s*>$/.test(returnPath.trim())) return "null return path";
  return null;
}
