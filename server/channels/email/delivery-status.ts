import { type RawHeaders, headerValue, messageIdsIn, splitRaw } from "./raw-mail.js";
import { isNoReplyAddress } from "./automated-mail.js";

/** What a delivery status notification (a bounce) says about the mail it reports on. */
export type DeliveryReport = {
  /** Message-IDs the report refers to; the original mail is one of them. */
  originalMessageIds: string[];
  isPermanent: boolean;
  recipient: string | null;
  status: string | null;
  diagnostic: string | null;
};

const bounceSubject = /(undeliver|undelivered|delivery status notification|delivery failure|failure notice|returned mail|mail delivery failed|delivery has failed|could not be delivered|unzustellbar|nicht zugestellt|zustellung fehlgeschlagen)/i;

/**
 * A delivery status notification (RFC 3464 multipart/report, or the looser reports of older
 * mail servers) and what it reports, or null for any other mail.
 */
export function deliveryReportOf(raw: Buffer, headers: RawHeaders, fromAddress: string | null): DeliveryReport | null {
  const contentType = headerValue(headers, "content-type")?.toLowerCase() ?? "";
  const isReport = contentType.startsWith("multipart/report") && /report-type\s*=\s*"?delivery-status/.test(contentType);
  const subject = headerValue(headers, "subject") ?? "";
  const looksLikeBounce = isNoReplyAddress(fromAddress) && /^(mailer-daemon|postmaster)/i.test(fromAddress ?? "") && bounceSubject.test(subject);
  if (!isReport && !looksLikeBounce) return null;

  const body = splitRaw(raw).body.toString("latin1");
  const action = /^Action:\s*(\S+)/im.exec(body)?.[1]?.toLowerCase() ?? null;
  const status = /^Status:\s*(\d\.\d{1,3}\.\d{1,3})/im.exec(body)?.[1] ?? null;
  const diagnostic = /^Diagnostic-Code:\s*(.+(?:\r?\n[ \t].+)*)/im.exec(body)?.[1]?.replace(/\s+/g, " ").trim() ?? null;
  const recipient = /^Final-Recipient:\s*[^;]*;\s*(\S+)/im.exec(body)?.[1] ?? /^Original-Recipient:\s*[^;]*;\s*(\S+)/im.exec(body)?.[1] ?? null;
  // The returned headers (message/rfc822 or text/rfc822-headers) carry the original Message-ID.
  const returned = [...body.matchAll(/^Message-ID:\s*(.+)$/gim)].flatMap((match) => messageIdsIn(match[1]));
  const threading = [...messageIdsIn(headerValue(headers, "in-reply-to")), ...messageIdsIn(headerValue(headers, "references"))];
  const ownId = messageIdsIn(headerValue(headers, "message-id"));
  const originalMessageIds = [...new Set([...returned, ...threading])].filter((id) => !ownId.includes(id));
  const isDelay = action === "delayed" || (status?.startsWith("4.") ?? false);
  return {
    originalMessageIds,
    isPermanent: !isDelay && (action === "failed" || (status?.startsWith("5.") ?? false) || (action === null && status === null)),
    recipient: recipient?.replace(/^<|>$/g, "").toLowerCase() ?? null,
    status,
    diagnostic: diagnostic?.slice(0, 500) ?? null,
  };
}
