import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type { EmailKind } from "../../../common/domain.js";
import type { EmailAddress } from "../../modules/email/email.table.js";
import { LOOP_HEADER } from "./automated-mail.js";
import { type EmailTexts, fill, type TemplateValues } from "./email-templates.js";
import { htmlToText } from "./email-parser.js";

/** The body of an outgoing mail, in both alternatives, and its parts for the agent app. */
export type RenderedBody = { text: string; html: string; textBody: string; textSignature: string | null; htmlBody: string; htmlSignature: string | null };

/**
 * An agent's reply as the customer receives it: greeting, the agent's text, closing, the
 * channel's signature and a footer with the conversation number (from the channel's
 * templates in the customer's language). A forward leaves the greeting out; the
 * acknowledgement is its template alone.
 */
export function renderBody(input: {
  kind: EmailKind;
  texts: EmailTexts;
  values: TemplateValues;
  text: string;
  /** Sanitized HTML of the agent's message, if they wrote HTML. */
  html: string | null;
  signature: string;
}): RenderedBody {
  const { texts, values } = input;
  if (input.kind === "acknowledgement") {
    const text = fill(texts.acknowledgementBody, values, texts).trim();
    const html = layout(paragraphs(text), null, null);
    return { text, html, textBody: text, textSignature: null, htmlBody: paragraphs(text), htmlSignature: null };
  }
  const greeting = input.kind === "forward" ? "" : fill(values.customerName.trim() ? texts.greeting : texts.greetingWithoutName, values, texts).trim();
  const closing = fill(texts.closing, values, texts).trim();
  const signature = fill(input.signature, values, texts).trim();
  const footer = fill(texts.footer, values, texts).trim();
  const agentText = input.text.trim() || (input.html ? htmlToText(input.html) : "");
  const textBody = [greeting, agentText, closing].filter(Boolean).join("\n\n");
  const textSignature = [signature, footer].filter(Boolean).join("\n\n") || null;
  const text = [textBody, signature ? `-- \n${signature}` : "", footer].filter(Boolean).join("\n\n");

  const htmlBody = [greeting ? `<p>${escapeHtml(greeting)}</p>` : "", input.html ?? paragraphs(agentText), closing ? paragraphs(closing) : ""].join("\n");
  const htmlSignature = signature ? paragraphs(signature) : null;
  const html = layout(htmlBody, htmlSignature, footer ? escapeHtml(footer) : null);
  return { text, html, textBody, textSignature, htmlBody, htmlSignature: [htmlSignature, footer ? `<p>${escapeHtml(footer)}</p>` : null].filter(Boolean).join("\n") || null };
}

/** A forwarded mail's header block and text, appended to the agent's note. */
export function forwardedBlock(
  texts: EmailTexts,
  original: { from: EmailAddress | null; to: EmailAddress[]; date: Date | null; subject: string; text: string; html: string | null },
): { text: string; html: string } {
  const header = [
    texts.forwardIntro,
    `${texts.forwardFrom}: ${formatAddress(original.from)}`,
    original.date ? `${texts.forwardDate}: ${original.date.toUTCString()}` : null,
    `${texts.forwardSubject}: ${original.subject}`,
    original.to.length ? `${texts.forwardTo}: ${original.to.map(formatAddress).join(", ")}` : null,
  ].filter((line): line is string => line !== null);
  return {
    text: `${header.join("\n")}\n\n${original.text.trim()}`,
    html: `<p>${header.map(escapeHtml).join("<br />")}</p>\n<blockquote>${original.html ?? paragraphs(original.text)}</blockquote>`,
  };
}

export type OutgoingMail = {
  kind: EmailKind;
  from: EmailAddress;
  replyTo: EmailAddress | null;
  to: EmailAddress[];
  cc: EmailAddress[];
  bcc: EmailAddress[];
  subject: string;
  headerMessageId: string;
  inReplyTo: string | null;
  references: string[];
  date: Date;
  text: string;
  html: string;
  attachments: Array<{ fileName: string; contentType: string; content: Buffer }>;
  /** The channel's address, named in the loop header. */
  loopAddress: string;
};

/** The mail as bytes (RFC 5322 with MIME alternatives and attachments), exactly as it is sent and kept. */
export async function composeMail(mail: OutgoingMail): Promise<Buffer> {
  const headers: Record<string, string> = { [LOOP_HEADER]: mail.loopAddress };
  if (mail.kind === "acknowledgement") {
    // RFC 3834: an automatic reply says so, and asks other robots not to answer it.
    headers["Auto-Submitted"] = "auto-replied";
    headers["X-Auto-Response-Suppress"] = "All";
  }
  const composer = new MailComposer({
    from: toNodemailer(mail.from),
    replyTo: mail.replyTo ? toNodemailer(mail.replyTo) : undefined,
    to: mail.to.map(toNodemailer),
    cc: mail.cc.length ? mail.cc.map(toNodemailer) : undefined,
    // Bcc is in the envelope only; the composer would otherwise drop or leak it.
    subject: mail.subject,
    messageId: `<${mail.headerMessageId}>`,
    inReplyTo: mail.inReplyTo ? `<${mail.inReplyTo}>` : undefined,
    references: mail.references.length ? mail.references.map((id) => `<${id}>`).join(" ") : undefined,
    date: mail.date,
    text: mail.text,
    html: mail.html,
    headers,
    attachments: mail.attachments.map((attachment) => ({ filename: attachment.fileName, content: attachment.content, contentType: attachment.contentType })),
  });
  const built = await new Promise<Buffer>((resolve, reject) => composer.compile().build((error, message) => (error ? reject(error) : resolve(message))));
  // The composer leaves bare LFs inside encoded parts (the SMTP transport fixes them while sending);
  // normalizing here makes the stored source byte for byte what goes on the wire.
  return Buffer.from(built.toString("latin1").replace(/\r?\n/g, "\r\n"), "latin1");
}

function toNodemailer(person: EmailAddress): { name: string; address: string } {
  return { name: person.name ?? "", address: person.address };
}

export function formatAddress(person: EmailAddress | null): string {
  if (!person) return "";
  if (!person.address) return person.name ?? "";
  return person.name ? `${person.name} <${person.address}>` : person.address;
}

function layout(body: string, signature: string | null, footer: string | null): string {
  return [
    "<!doctype html>",
    '<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head>',
    '<body style="margin:0;padding:16px;background:#ffffff;">',
    '<div style="font-family:-apple-system,BlinkMacSystemFont,\'Segoe UI\',Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1f2328;max-width:640px;">',
    body,
    signature ? `<div style="margin-top:20px;color:#57606a;font-size:14px;">${signature}</div>` : "",
    footer ? `<p style="margin-top:24px;padding-top:12px;border-top:1px solid #d0d7de;color:#6e7781;font-size:12px;">${footer}</p>` : "",
    "</div></body></html>",
  ].join("\n");
}

/** Plain text as HTML paragraphs, line breaks kept. */
export function paragraphs(text: string): string {
  return text
    .trim()
    .split(/\n{2,}/)
    .filter((block) => block.trim())
    .map((block) => `<p>${escapeHtml(block.trim()).replace(/\n/g, "<br />")}</p>`)
    .join("\n");
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
