import { inArray } from "drizzle-orm";
import type { ChannelRow, EmailMessageRow } from "../../platform/db/rows.js";
import { DeliveryError } from "../../platform/errors.js";
import { attachments as attachmentsTable } from "../../modules/attachments/attachments.table.js";
import * as customerStore from "../../modules/customers/customers.store.js";
import { planOutgoing, replyAddressWithToken } from "../../modules/email/email-addressing.js";
import * as emailStore from "../../modules/email/email.store.js";
import type { AdapterContext, OutboundMessage } from "../channel-adapter.js";
import { composeMail, renderBody } from "./email-composer.js";
import { emailSettingsOf } from "./email-settings.js";
import { fill, localeFor, textsFor } from "./email-templates.js";
import { sendRawMail } from "./smtp-transport.js";

/**
 * Sends a reply by mail. The mail is composed once and kept in the file store before it is
 * handed to the SMTP server: a retry sends the very same bytes (same Message-ID), and the
 * agent app can show the raw source of what was sent.
 */
export async function sendEmail(outbound: OutboundMessage, channel: ChannelRow, context: AdapterContext): Promise<{ externalId: string | null }> {
  const settings = emailSettingsOf(channel.settings);
  if (!settings.address) throw new DeliveryError("This email channel has no address to send from.", true);
  if (!settings.smtp) throw new DeliveryError("This email channel has no SMTP server for outgoing mail.", true);
  const { db, files } = context;
  const { message, conversation } = outbound;
  const senderName = settings.senderName ?? channel.name;

  let email = await emailStore.findByMessage(db, channel.accountId, message.id);
  if (!email) {
    // A reply through the generic message endpoint: answer the newest received mail.
    const kind = message.authorType === "system" ? "acknowledgement" : "reply";
    const plan = await planOutgoing(db, {
      channel,
      conversation: { id: conversation.id, accountId: channel.accountId, number: conversation.number, subject: conversation.subject, customerId: conversation.customer.id },
      kind,
    });
    email = await emailStore.insertOnce(db, {
      accountId: channel.accountId,
      channelId: channel.id,
      conversationId: conversation.id,
      messageId: message.id,
      direction: "out",
      kind,
      ...plan,
      fromAddress: settings.address,
      textBody: message.text,
    });
  }
  const recipients = [...email.to, ...email.cc, ...email.bcc].map((person) => person.address);
  if (recipients.length === 0) throw new DeliveryError("The reply has no recipient: the customer has no email address.", true);

  let raw: Buffer;
  if (email.rawStorageKey) {
    raw = await files.read(email.rawStorageKey);
  } else {
    const customer = await customerStore.findById(db, channel.accountId, outbound.customer.id);
    const locale = localeFor([customer?.language, conversation.language], settings.language);
    const texts = textsFor(settings, locale);
    const agentName = message.author && message.authorType === "agent" ? message.author.name : senderName;
    const recipientName = email.kind === "forward" ? "" : (email.to[0]?.name ?? outbound.customer.name);
    const values = { customerName: recipientName, agentName, number: String(conversation.number), subject: conversation.subject, channelName: senderName };
    const body = renderBody({ kind: email.kind, texts, values, text: message.text, html: message.html, signature: settings.signature });
    const subject =
      email.kind === "acknowledgement" ? withMarker(fill(texts.acknowledgementSubject, { ...values, subject: email.subject }, texts), conversation.number) : email.subject;
    const thread = settings.replyAddressTokens ? await emailStore.ensureThread(db, channel.accountId, conversation.id) : null;
    const from = { name: message.authorType === "agent" && senderName !== agentName ? `${agentName} (${senderName})` : senderName, address: settings.address };
    const replyTo = thread ? { name: senderName, address: replyAddressWithToken(settings.address, thread.token) } : null;
    const date = new Date();
    raw = await composeMail({
      kind: email.kind,
      from,
      replyTo,
      to: email.to,
      cc: email.cc,
      bcc: email.bcc,
      subject,
      headerMessageId: email.headerMessageId!,
      inReplyTo: email.inReplyTo,
      references: email.references,
      date,
      text: body.text,
      html: body.html,
      attachments: await attachmentsOf(context, message.attachments.map((attachment) => attachment.id)),
      loopAddress: settings.address,
    });
    const stored = await files.put(channel.accountId, raw);
    email = await emailStore.update(db, email.id, {
      rawStorageKey: stored.storageKey,
      rawByteSize: stored.byteSize,
      subject,
      fromAddress: from.address,
      fromName: from.name,
      replyTo: replyTo ? [replyTo] : [],
      sentAt: date,
      textBody: body.textBody,
      textSignature: body.textSignature,
      htmlBody: body.htmlBody,
      htmlSignature: body.htmlSignature,
    });
  }
  await sendRawMail(channel.id, settings.smtp, { from: settings.address, to: recipients }, raw);
  return { externalId: email.headerMessageId };
}

async function attachmentsOf(context: AdapterContext, ids: string[]): Promise<Array<{ fileName: string; contentType: string; content: Buffer }>> {
  if (ids.length === 0) return [];
  const rows = await context.db.select().from(attachmentsTable).where(inArray(attachmentsTable.id, ids));
  return Promise.all(rows.map(async (row) => ({ fileName: row.fileName, contentType: row.contentType, content: await context.files.read(row.storageKey) })));
}

function withMarker(subject: string, number: number): string {
  return subject.includes(`[#${number}]`) ? subject : `${subject} [#${number}]`;
}

export type { EmailMessageRow };
