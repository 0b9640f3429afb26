import type { AttachmentView, MessageView } from "../../../../common/views";

export type EmailDetails = NonNullable<MessageView["email"]>;

/** What a mail shows: its HTML (in a sandboxed frame) or its text, with or without the quoted history and signature. */
export type EmailContent = { kind: "html"; html: string; hasHiddenParts: boolean } | { kind: "text"; text: string; hasHiddenParts: boolean };

/**
 * The part of a mail to show. Quoted history and signature are collapsed until the agent
 * asks for them; the full original is then shown as it came.
 */
export function emailContent(message: Pick<MessageView, "text">, email: EmailDetails, isExpanded: boolean): EmailContent {
  const { body } = email;
  if (body.html !== null && body.html.trim() !== "") {
    const hidden = [body.signatureHtml, body.quotedHtml].filter((part): part is string => Boolean(part?.trim()));
    return { kind: "html", html: isExpanded ? [body.html, ...hidden].join("\n") : body.html, hasHiddenParts: hidden.length > 0 };
  }
  const hidden = [body.signature, body.quotedText].filter((part): part is string => Boolean(part?.trim()));
  // A mail that could not be parsed may have no split body; the message text is all there is.
  const text = body.text.trim() || (hidden.length === 0 ? message.text : "");
  return { kind: "text", text: isExpanded ? [text, ...hidden].filter(Boolean).join("\n\n") : text, hasHiddenParts: hidden.length > 0 };
}

/** Every HTML part of a mail, shown or collapsed. */
function htmlParts(email: EmailDetails): string[] {
  return [email.body.html, email.body.signatureHtml, email.body.quotedHtml].filter((part): part is string => Boolean(part));
}

/**
 * Splits attachments into files to list and inline images (those the mail's HTML shows in
 * place). When the mail is shown as text, nothing is inline and everything is listed.
 */
export function splitAttachments(attachments: AttachmentView[], email: EmailDetails | null): { files: AttachmentView[]; inline: AttachmentView[] } {
  const html = email && email.body.html?.trim() ? htmlParts(email).join("\n") : "";
  if (!html) return { files: attachments, inline: [] };
  const isShownInline = (attachment: AttachmentView) => html.includes(`"${attachment.url}"`);
  return { files: attachments.filter((attachment) => !isShownInline(attachment)), inline: attachments.filter(isShownInline) };
}

/**
 * The document a mail's HTML is shown in. The HTML was sanitized on the server; the frame
 * is a second wall: no scripts may run (sandbox, CSP), nothing but our own and embedded
 * images loads unless the agent allowed remote images, and links open in a new tab.
 */
export function emailFrameDocument(html: string, options: { allowRemoteImages: boolean; language?: string }): string {
  const images = options.allowRemoteImages ? "'self' data: https: http:" : "'self' data:";
  const policy = `default-src 'none'; img-src ${images}; style-src 'unsafe-inline'; font-src 'none'; form-action 'none'; base-uri 'none'`;
  return [
    "<!doctype html>",
    `<html lang="${escapeAttribute(options.language ?? "")}"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${policy}">`,
    '<base target="_blank">',
    `<style>${frameStyle}</style>`,
    "</head><body>",
    html,
    "</body></html>",
  ].join("");
}

const frameStyle = [
  "html,body{margin:0;padding:0;background:transparent}",
  "body{font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:14px;line-height:1.5;color:#212529;overflow-wrap:anywhere}",
  "p{margin:0 0 .75em}",
  "img{max-width:100%;height:auto}",
  "table{max-width:100%}",
  "pre{white-space:pre-wrap}",
  "blockquote{margin:.5em 0;padding-left:.75em;border-left:3px solid #ced4da;color:#495057}",
  "a{color:#4c6ef5}",
].join("");

function escapeAttribute(value: string): string {
  return value.replace(/[&"<>]/g, (character) => `&#${character.charCodeAt(0)};`);
}
