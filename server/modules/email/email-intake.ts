import type { ServiceDeps } from "../../context.js";
import type { InboundMessage } from "../../channels/channel-adapter.js";
import { isNoReplyAddress } from "../../channels/email/automated-mail.js";
import type { DeliveryReport } from "../../channels/email/delivery-status.js";
import { renderBody } from "../../channels/email/email-composer.js";
import { type EmailInboundData, type EmailInboundPayload, isEmailInboundData } from "../../channels/email/email-inbound.js";
import { type EmailChannelSettings, emailSettingsOf, ownAddresses } from "../../channels/email/email-settings.js";
import { localeFor, textsFor } from "../../channels/email/email-templates.js";
import { dedupeKeyOf } from "../../channels/email/raw-mail.js";
import { type Actor, systemActor } from "../../platform/actor.js";
import type { Executor } from "../../platform/db/database.js";
import type { ChannelRow, ConversationRow, EmailMessageRow } from "../../platform/db/rows.js";
import * as conversationStore from "../conversations/conversations.store.js";
import type { ConversationService } from "../conversations/conversations.service.js";
import type { CustomerService } from "../customers/customers.service.js";
import type { ChannelIntake, IngestResult, IngestService } from "../ingest/ingest.service.js";
import * as messageStore from "../messages/messages.store.js";
import type { MessageService } from "../messages/messages.service.js";
import { planOutgoing } from "./email-addressing.js";
import { findThreadConversation } from "./email-threading.js";
import * as emailStore from "./email.store.js";

export type RawMailSource =
  | { kind: "imap"; folder: string; uid: number }
  | { kind: "smtp"; envelope: { mailFrom: string | null; rcptTo: string[] } }
  | { kind: "test" }
  | { kind: "demo" };

const SUBJECT_FROM_TEXT_LENGTH = 80;

/**
 * The way in for mail, from IMAP polling and the SMTP listener alike: the raw mail is written
 * to the file store and recorded by ingest before anything is parsed, so no mail is lost
 * whatever happens next. `accept` then decides what the mail is within the ingest transaction.
 */
export class EmailIntake implements ChannelIntake {
  constructor(
    private readonly deps: Pick<ServiceDeps, "db" | "files" | "logger">,
    private readonly ingest: IngestService,
    private readonly customers: CustomerService,
    private readonly conversations: ConversationService,
    private readonly messages: MessageService,
  ) {}

  /** Stores one raw mail for a channel and processes it. The same mail again is answered with the first result. */
  async receiveRaw(channel: ChannelRow, raw: Buffer, source: RawMailSource): Promise<IngestResult> {
    const dedupeKey = dedupeKeyOf(raw);
    const existing = await this.ingest.findReceived(channel, dedupeKey);
    if (existing) {
      const inboundMessage = existing.status === "processed" ? existing : await this.ingest.process(existing.id);
      return { inboundMessage, conversationNumber: await this.ingest.conversationNumber(inboundMessage), isDuplicate: true };
    }
    const stored = await this.deps.files.put(channel.accountId, raw);
    const payload: EmailInboundPayload = {
      kind: "email",
      dedupeKey,
      storageKey: stored.storageKey,
      sha256: stored.sha256,
      byteSize: stored.byteSize,
      source: source.kind,
      folder: source.kind === "imap" ? source.folder : null,
      uid: source.kind === "imap" ? source.uid : null,
      envelope: source.kind === "smtp" ? source.envelope : null,
      summary: null,
    };
    const result = await this.ingest.receive(channel, dedupeKey, payload);
    // Another process stored the same mail a moment earlier; its copy is the one kept.
    if (result.isDuplicate) await this.deps.files.remove(stored.storageKey);
    return result;
  }

  /** A mail too large to download still becomes a conversation that says so (it stays in the mailbox). */
  async receiveTooLarge(
    channel: ChannelRow,
    mail: { dedupeKey: string; byteSize: number; folder: string; uid: number; from: string | null; subject: string | null },
  ): Promise<IngestResult> {
    const payload: EmailInboundPayload = {
      kind: "email",
      dedupeKey: mail.dedupeKey,
      storageKey: null,
      sha256: null,
      byteSize: mail.byteSize,
      source: "imap",
      folder: mail.folder,
      uid: mail.uid,
      envelope: null,
      summary: { from: mail.from, subject: mail.subject },
    };
    return this.ingest.receive(channel, mail.dedupeKey, payload);
  }

  async accept(tx: Executor, channel: ChannelRow, message: InboundMessage): Promise<{ conversationId: string | null; messageId: string | null }> {
    const data = message.channelData;
    if (!isEmailInboundData(data)) throw new Error("an email channel received a message without email details");
    const accountId = channel.accountId;
    const settings = emailSettingsOf(channel.settings);

    // The same mail again, through another mailbox of the account.
    const duplicate = await emailStore.findInboundByDedupeKey(tx, accountId, data.dedupeKey);
    if (duplicate) return { conversationId: duplicate.conversationId, messageId: duplicate.messageId };
    // Our own mail coming back (a copy to our own address, a misconfigured forward).
    if (data.headerMessageId) {
      const own = (await emailStore.findByHeaderMessageIds(tx, accountId, [data.headerMessageId])).find((row) => row.direction === "out");
      if (own) return { conversationId: own.conversationId, messageId: own.messageId };
    }
    if (data.deliveryReport) {
      const bounced = await this.recordBounce(tx, accountId, data.deliveryReport);
      if (bounced) return bounced;
    }

    const actor: Actor = { type: "channel", id: channel.id, accountId };
    const { customer } = await this.customers.identifyOrCreate(tx, actor, message.customer);
    const senderAddress = data.customerAddress.address;
    const window = settings.senderRateLimit;
    const recentMails = await emailStore.countInboundFrom(tx, accountId, senderAddress, new Date(Date.now() - window.windowMinutes * 60_000));
    const isRateLimited = recentMails >= window.maxMails;

    const match = await findThreadConversation(tx, { accountId, customerId: customer.id, senderAddress, data });
    // A sender over the limit (a mail loop) fills their latest conversation instead of opening new ones.
    let conversation: ConversationRow | null =
      match?.conversation ?? (isRateLimited ? await conversationStore.findOpenForCustomer(tx, accountId, channel.id, customer.id) : null);
    const isNewConversation = conversation === null;
    conversation ??= await this.conversations.open(tx, actor, {
      channelId: channel.id,
      customerId: customer.id,
      subject: subjectOf(message),
      language: message.customer.language,
    });

    const recorded: { email: EmailMessageRow | null } = { email: null };
    const created = await this.messages.appendInbound(tx, actor, conversation, {
      text: message.text,
      html: message.html,
      externalId: data.headerMessageId ?? data.dedupeKey,
      attachments: message.attachments,
      authorCustomerId: customer.id,
      beforeEvent: async (transaction, row) => {
        recorded.email = await emailStore.insert(transaction, {
          accountId,
          channelId: channel.id,
          conversationId: conversation.id,
          messageId: row.id,
          direction: "in",
          kind: "message",
          headerMessageId: data.headerMessageId,
          dedupeKey: data.dedupeKey,
          inReplyTo: data.inReplyTo,
          references: data.references,
          subject: data.subject,
          fromAddress: data.from?.address ?? senderAddress,
          fromName: data.from?.name ?? data.customerAddress.name,
          to: data.to,
          cc: data.cc,
          replyTo: data.replyTo,
          sentAt: data.sentAt ? new Date(data.sentAt) : null,
          textBody: data.textBody,
          textSignature: data.textSignature,
          textQuoted: data.textQuoted,
          htmlBody: data.htmlBody,
          htmlSignature: data.htmlSignature,
          htmlQuoted: data.htmlQuoted,
          hasRemoteImages: data.hasRemoteImages,
          inlineImages: data.inlineImages,
          rawStorageKey: data.rawStorageKey,
          rawByteSize: data.rawByteSize,
          automation: data.automation,
          isRateLimited,
          parseError: data.parseError,
        });
        // Whoever else the mail went to takes part from now on (reply-all keeps them, their replies thread).
        const own = ownAddresses(settings);
        const isOwn = (address: string) => own.has(address) || own.has(address.replace(/\+[^@]*@/, "@"));
        const others = [...data.to, ...data.cc, ...(senderAddress === data.from?.address ? [] : data.from ? [data.from] : [])].filter(
          (person) => !isOwn(person.address) && person.address !== senderAddress,
        );
        if (conversation.customerId !== customer.id) others.push(data.customerAddress);
        await emailStore.addParticipants(transaction, accountId, conversation.id, others);
      },
    });

    const mayAcknowledge = isNewConversation && settings.autoAcknowledgement && !data.automation && !isRateLimited && !isNoReplyAddress(senderAddress);
    if (mayAcknowledge && recorded.email) {
      await this.acknowledge(tx, channel, settings, conversation, recorded.email, customer.name, message.customer.language ?? customer.language);
    }
    return { conversationId: conversation.id, messageId: created.id };
  }

  /**
   * A delivery status notification about mail we sent: the sent message is marked failed
   * (or, for a delay, shows the report) instead of the report opening a conversation.
   * Null when the report is about no mail of ours; it then becomes an ordinary (automatic) message.
   */
  private async recordBounce(tx: Executor, accountId: string, report: DeliveryReport): Promise<{ conversationId: string; messageId: null } | null> {
    const original = (await emailStore.findByHeaderMessageIds(tx, accountId, report.originalMessageIds)).find((row) => row.direction === "out");
    if (!original) return null;
    await emailStore.update(tx, original.id, {
      bounce: { recipient: report.recipient, status: report.status, diagnostic: report.diagnostic, reportedAt: new Date().toISOString() },
    });
    const message = await messageStore.findForUpdate(tx, accountId, original.messageId);
    if (message) {
      const reason = [report.recipient, report.status, report.diagnostic].filter(Boolean).join(" · ");
      const updated = report.isPermanent
        ? await messageStore.update(tx, message.id, { deliveryStatus: "failed", deliveryError: `The mail bounced${reason ? `: ${reason}` : "."}` })
        : message;
      await this.messages.recordUpdated(tx, systemActor(accountId), updated);
    }
    return { conversationId: original.conversationId, messageId: null };
  }

  /** The automatic confirmation with the conversation number, in the customer's language. */
  private async acknowledge(
    tx: Executor,
    channel: ChannelRow,
    settings: EmailChannelSettings,
    conversation: ConversationRow,
    received: EmailMessageRow,
    customerName: string,
    language: string | null,
  ): Promise<void> {
    const plan = await planOutgoing(tx, { channel, conversation, kind: "acknowledgement", parent: received });
    if (plan.to.length === 0) return;
    const locale = localeFor([language, conversation.language], settings.language);
    const texts = textsFor(settings, locale);
    const senderName = settings.senderName ?? channel.name;
    const body = renderBody({
      kind: "acknowledgement",
      texts,
      values: { customerName, agentName: senderName, number: String(conversation.number), subject: conversation.subject, channelName: senderName },
      text: "",
      html: null,
      signature: settings.signature,
    });
    await this.messages.appendSystemReply(tx, systemActor(channel.accountId), conversation, {
      text: body.text,
      html: null,
      beforeEvent: async (transaction, row) => {
        await emailStore.insert(transaction, {
          accountId: channel.accountId,
          channelId: channel.id,
          conversationId: conversation.id,
          messageId: row.id,
          direction: "out",
          kind: "acknowledgement",
          ...plan,
          fromAddress: settings.address,
          fromName: senderName,
          textBody: body.textBody,
        });
      },
    });
  }
}

function subjectOf(message: InboundMessage): string {
  const subject = (message.subject ?? "").replace(/\s*\[#\d+\]\s*/g, " ").trim();
  if (subject) return subject;
  const firstLine = message.text.trim().split("\n")[0] ?? "";
  return firstLine.length > SUBJECT_FROM_TEXT_LENGTH ? `${firstLine.slice(0, SUBJECT_FROM_TEXT_LENGTH - 1)}…` : firstLine;
}

export type { EmailInboundData };
