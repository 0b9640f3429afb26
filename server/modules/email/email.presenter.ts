import type { EmailDetailsView } from "../../../common/views.js";
import type { AttachmentRow, EmailMessageRow } from "../../platform/db/rows.js";

/** The email side of a message as the API shows it. */
export function presentEmailDetails(email: EmailMessageRow, attachments: AttachmentRow[]): EmailDetailsView {
  const html = (value: string | null) => (value === null ? null : withInlineImages(email.remoteImagesAllowed ? value : blockRemoteImages(value), email, attachments));
  return {
    messageId: email.headerMessageId,
    kind: email.kind,
    subject: email.subject,
    from: email.fromAddress ? { name: email.fromName, address: email.fromAddress } : null,
    to: email.to,
    cc: email.cc,
    bcc: email.bcc,
    replyTo: email.replyTo,
    sentAt: email.sentAt?.toISOString() ?? null,
    inReplyTo: email.inReplyTo,
    body: {
      text: email.textBody,
      signature: email.textSignature,
      quotedText: email.textQuoted,
      html: html(email.htmlBody),
      signatureHtml: html(email.htmlSignature),
      quotedHtml: html(email.htmlQuoted),
    },
    hasRemoteImages: email.hasRemoteImages,
    remoteImagesAllowed: email.remoteImagesAllowed,
    rawUrl: email.rawStorageKey ? `/api/messages/${email.messageId}/email/raw` : null,
    parseError: email.parseError,
    automation: email.automation,
    isRateLimited: email.isRateLimited,
    bounce: email.bounce,
  };
}

/**
 * Removes the address of every remote image (they tell the sender when and where the mail
 * is read) and keeps its size and alt text. The HTML comes from the sanitizer, whose output
 * always quotes attributes with `"` and escapes `"` and `>` inside them.
 */
export function blockRemoteImages(html: string): string {
  return html.replace(/<img\b[^>]*>/gi, (tag) => (/\ssrc="(https?:|\/\/)/i.test(tag) ? tag.replace(/\ssrc="[^"]*"/i, "") : tag));
}

/** Points `cid:` images at the attachments they were stored as. */
function withInlineImages(html: string, email: EmailMessageRow, attachments: AttachmentRow[]): string {
  if (email.inlineImages.length === 0 || !html.includes("cid:")) return html;
  const urls = new Map<string, string>();
  for (const image of email.inlineImages) {
    const attachment = attachments.find((candidate) => candidate.storageKey === image.storageKey);
    if (attachment) urls.set(image.contentId.toLowerCase(), `/api/attachments/${attachment.id}`);
  }
  return html.replace(/\ssrc="cid:([^"]*)"/gi, (match, contentId: string) => {
    const url = urls.get(decodeEntities(contentId).toLowerCase());
    return url ? ` src="${url}"` : match;
  });
}

function decodeEntities(value: string): string {
  return value.replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"');
}
