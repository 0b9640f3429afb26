import { createHash } from "node:crypto";
import type { ReadStream } from "node:fs";
import type { ServiceDeps } from "../../context.js";
import { forwardedBlock, paragraphs } from "../../channels/email/email-composer.js";
import { type EmailInboundPayload, isEmailInboundData, parseStoredEmail } from "../../channels/email/email-inbound.js";
import { emailSettingsOf } from "../../channels/email/email-settings.js";
import { localeFor, textsFor } from "../../channels/email/email-templates.js";
import type { AgentActor } from "../../platform/actor.js";
import type { Executor } from "../../platform/db/database.js";
import type { ChannelRow, EmailMessageRow, MessageRow } from "../../platform/db/rows.js";
import { NotFoundError, ValidationError } from "../../platform/errors.js";
import { sanitizeMessageHtml } from "../../platform/html.js";
import type { AttachmentService } from "../attachments/attachments.service.js";
import * as channelStore from "../channels/channels.store.js";
import type { ConversationService } from "../conversations/conversations.service.js";
import type { ConversationDetails } from "../conversations/conversations.store.js";
import type { MessageService } from "../messages/messages.service.js";
import * as messageStore from "../messages/messages.store.js";
import type { MessageDetails } from "../messages/messages.store.js";
import { planOutgoing } from "./email-addressing.js";
import type { EmailDraftView, EmailForwardInput, EmailReplyInput, MailboxStatusView } from "./email.schemas.js";
import * as emailStore from "./email.store.js";
import type { EmailAddress } from "./email.table.js";

/** What agents do with mail: reply, reply-all, forward, read the raw source, allow remote images, reprocess. */
export class EmailService {
  constructor(
    private readonly deps: Pick<ServiceDeps, "db" | "files" | "config" | "logger">,
    private readonly messages: MessageService,
    private readonly conversations: ConversationService,
    private readonly attachments: AttachmentService,
  ) {}

  /** Who a reply, reply-all or forward would go to, with its subject: for the compose form. */
  async draft(actor: AgentActor, conversationId: string, input: { mode: "reply" | "reply_all" | "forward"; messageId?: string }): Promise<EmailDraftView> {
    const { conversation, channel } = await this.emailConversation(actor, conversationId);
    const settings = emailSettingsOf(channel.settings);
    return this.deps.db.transaction(async (tx) => {
      const parent = input.messageId ? await this.emailOf(tx, actor, conversation.id, input.messageId) : undefined;
      const plan = await planOutgoing(tx, { channel, conversation, kind: input.mode, parent, ...(input.mode === "forward" ? { to: [] } : {}) });
      const thread = await emailStore.ensureThread(tx, actor.accountId, conversation.id);
      return {
        to: plan.to,
        cc: plan.cc,
        subject: plan.subject,
        inReplyTo: plan.inReplyTo,
        from: settings.address ? { name: settings.senderName ?? channel.name, address: settings.address } : null,
        participants: thread.participants,
      };
    });
  }

  /** A reply (to the customer) or reply-all (Cc kept), delivered through the channel's SMTP server. */
  async reply(actor: AgentActor, conversationId: string, input: EmailReplyInput): Promise<MessageDetails> {
    const { conversation, channel } = await this.emailConversation(actor, conversationId);
    return this.messages.send(
      actor,
      conversation.id,
      { text: input.text, html: input.html, isNote: false, attachmentIds: input.attachmentIds, status: input.status },
      {
        beforeEvent: async (tx, message) => {
          const parent = input.replyToMessageId ? await this.emailOf(tx, actor, conversation.id, input.replyToMessageId) : undefined;
          await this.recordOutgoing(tx, channel, conversation, message, { kind: input.mode, parent, to: input.to, cc: input.cc, bcc: input.bcc });
        },
      },
    );
  }

  /** Forwards a message of the conversation (with its attachments) to someone else, who then takes part. */
  async forward(actor: AgentActor, conversationId: string, input: EmailForwardInput): Promise<MessageDetails> {
    const { conversation, channel } = await this.emailConversation(actor, conversationId);
    const settings = emailSettingsOf(channel.settings);
    const [original] = await messageStore.withDetails(this.deps.db, [await this.messageOf(this.deps.db, actor, conversation.id, input.messageId)]);
    const texts = textsFor(settings, localeFor([conversation.language], settings.language));
    const email = original!.email;
    const block = forwardedBlock(texts, {
      from: email?.fromAddress ? { name: email.fromName, address: email.fromAddress } : original!.authorName ? { name: original!.authorName, address: "" } : null,
      to: email?.to ?? [],
      date: email?.sentAt ?? original!.createdAt,
      subject: email?.subject ?? conversation.subject,
      text: original!.text,
      html: original!.html,
    });
    const note = input.text.trim();
    const text = [note, block.text].filter(Boolean).join("\n\n");
    const html = `${input.html ? sanitizeMessageHtml(input.html) : note ? paragraphs(note) : ""}\n${block.html}`;
    return this.messages.send(
      actor,
      conversation.id,
      { text, html, isNote: false, attachmentIds: input.attachmentIds, status: undefined },
      {
        beforeEvent: async (tx, message) => {
          if (input.includeAttachments) {
            for (const file of original!.attachments) {
              await this.attachments.record(tx, actor.accountId, file, { messageId: message.id, uploadedByAgentId: actor.id });
            }
          }
          await this.recordOutgoing(tx, channel, conversation, message, { kind: "forward", parent: email, to: input.to, cc: input.cc, bcc: input.bcc });
        },
      },
    );
  }

  /** The mail exactly as it arrived or was sent. */
  async openRaw(actor: AgentActor, messageId: string): Promise<{ stream: ReadStream; byteSize: number; fileName: string }> {
    const message = await messageStore.findById(this.deps.db, actor.accountId, messageId);
    if (!message) throw new NotFoundError("message_not_found", "This message does not exist.");
    const email = await emailStore.findByMessage(this.deps.db, actor.accountId, messageId);
    if (!email?.rawStorageKey) throw new NotFoundError("email_raw_missing", "This message has no raw mail (it is not an email, or it has not been sent yet).");
    return { stream: this.deps.files.open(email.rawStorageKey), byteSize: email.rawByteSize ?? 0, fileName: `message-${message.id}.eml` };
  }

  /** Shows the remote images of a received mail from now on (they tell the sender the mail was read). */
  async allowRemoteImages(actor: AgentActor, messageId: string): Promise<MessageDetails> {
    return this.deps.db.transaction(async (tx) => {
      const message = await messageStore.findForUpdate(tx, actor.accountId, messageId);
      if (!message) throw new NotFoundError("message_not_found", "This message does not exist.");
      const email = await emailStore.findByMessage(tx, actor.accountId, messageId);
      if (!email) throw new NotFoundError("message_not_found", "This message is not an email.");
      if (!email.remoteImagesAllowed) await emailStore.update(tx, email.id, { remoteImagesAllowed: true });
      return this.messages.recordUpdated(tx, actor, message);
    });
  }

  /**
   * Parses a received mail again from its raw source (after a fix, or a raised size limit):
   * text, HTML, addresses and parse-error mark are replaced; attachments not yet on the
   * message are added. The conversation it belongs to stays the same.
   */
  async reprocess(actor: AgentActor, messageId: string): Promise<MessageDetails> {
    const message = await messageStore.findById(this.deps.db, actor.accountId, messageId);
    if (!message) throw new NotFoundError("message_not_found", "This message does not exist.");
    const email = await emailStore.findByMessage(this.deps.db, actor.accountId, messageId);
    if (!email || email.direction !== "in" || !email.rawStorageKey) {
      throw new ValidationError("email_not_reprocessable", "Only a received mail whose raw source is stored can be processed again.");
    }
    const channel = await channelStore.findById(this.deps.db, actor.accountId, email.channelId);
    if (!channel) throw new NotFoundError("channel_not_found", "The channel of this mail no longer exists.");
    const raw = await this.deps.files.read(email.rawStorageKey);
    const payload: EmailInboundPayload = {
      kind: "email",
      dedupeKey: email.dedupeKey ?? "",
      storageKey: email.rawStorageKey,
      sha256: createHash("sha256").update(raw).digest("hex"),
      byteSize: raw.byteLength,
      source: "reprocess",
      folder: null,
      uid: null,
      envelope: null,
      summary: null,
    };
    const parsed = await parseStoredEmail(payload, { ...this.deps, channel });
    const data = parsed.channelData;
    if (!isEmailInboundData(data)) throw new Error("the email parser returned no email details");
    const [details] = await messageStore.withDetails(this.deps.db, [message]);
    const unused: string[] = [];
    const result = await this.deps.db.transaction(async (tx) => {
      const locked = await messageStore.findForUpdate(tx, actor.accountId, messageId);
      if (!locked) throw new NotFoundError("message_not_found", "This message does not exist.");
      const storageKeyFor = new Map<string, string>();
      for (const file of parsed.attachments) {
        const existing = details!.attachments.find((attachment) => attachment.sha256 === file.sha256 && attachment.fileName === file.fileName);
        if (existing) {
          storageKeyFor.set(file.storageKey, existing.storageKey);
          if (existing.storageKey !== file.storageKey) unused.push(file.storageKey);
        } else {
          await this.attachments.record(tx, actor.accountId, file, { messageId, uploadedByAgentId: null });
        }
      }
      const updated = await messageStore.update(tx, messageId, { text: parsed.text, html: parsed.html ? sanitizeMessageHtml(parsed.html) : null });
      await emailStore.update(tx, email.id, {
        subject: data.subject,
        fromAddress: data.from?.address ?? data.customerAddress.address,
        fromName: data.from?.name ?? data.customerAddress.name,
        to: data.to,
        cc: data.cc,
        replyTo: data.replyTo,
        sentAt: data.sentAt ? new Date(data.sentAt) : null,
        inReplyTo: data.inReplyTo,
        references: data.references,
        textBody: data.textBody,
        textSignature: data.textSignature,
        textQuoted: data.textQuoted,
        htmlBody: data.htmlBody,
        htmlSignature: data.htmlSignature,
        htmlQuoted: data.htmlQuoted,
        hasRemoteImages: data.hasRemoteImages,
        inlineImages: data.inlineImages.map((image) => ({ ...image, storageKey: storageKeyFor.get(image.storageKey) ?? image.storageKey })),
        automation: data.automation,
        parseError: data.parseError,
      });
      return this.messages.recordUpdated(tx, actor, updated);
    });
    for (const storageKey of unused) await this.deps.files.remove(storageKey);
    return result;
  }

  /** Where polling of the channel's mailbox stands, for the admin. */
  async mailboxStatus(actor: AgentActor, channelId: string): Promise<MailboxStatusView> {
    const channel = await channelStore.findById(this.deps.db, actor.accountId, channelId);
    if (!channel) throw new NotFoundError("channel_not_found", "This channel does not exist.");
    if (channel.type !== "email") throw new ValidationError("channel_type_mismatch", "Only email channels have a mailbox.");
    const settings = emailSettingsOf(channel.settings);
    const lease = settings.imap ? await emailStore.findLease(this.deps.db, actor.accountId, channel.id) : null;
    const folders = settings.imap ? await emailStore.listFolderStates(this.deps.db, actor.accountId, channel.id) : [];
    return {
      channelId: channel.id,
      imap: settings.imap
        ? {
            holder: lease?.holder ?? null,
            leaseExpiresAt: lease?.expiresAt.toISOString() ?? null,
            folders: folders.map((folder) => ({
              folder: folder.folder,
              uidValidity: folder.uidValidity,
              lastUid: folder.lastUid,
              lastPolledAt: folder.lastPolledAt?.toISOString() ?? null,
              lastError: folder.lastError,
              lastErrorAt: folder.lastErrorAt?.toISOString() ?? null,
            })),
          }
        : null,
      inboundSmtp: settings.inboundSmtp,
      smtpListenerEnabled: this.deps.config.email.smtpListener !== null,
    };
  }

  private async recordOutgoing(
    tx: Executor,
    channel: ChannelRow,
    conversation: ConversationDetails,
    message: MessageRow,
    input: { kind: "reply" | "reply_all" | "forward"; parent: EmailMessageRow | null | undefined; to?: EmailAddress[]; cc?: EmailAddress[]; bcc?: EmailAddress[] },
  ): Promise<void> {
    const settings = emailSettingsOf(channel.settings);
    const plan = await planOutgoing(tx, { channel, conversation, kind: input.kind, parent: input.parent, to: input.to, cc: input.cc, bcc: input.bcc });
    if (plan.to.length + plan.cc.length + plan.bcc.length === 0) {
      throw new ValidationError("email_recipient_missing", "The mail has no recipient: the customer has no email address. Name one in `to`.", [
        { field: "body.to", message: "is required here" },
      ]);
    }
    await emailStore.insert(tx, {
      accountId: conversation.accountId,
      channelId: channel.id,
      conversationId: conversation.id,
      messageId: message.id,
      direction: "out",
      kind: input.kind,
      ...plan,
      fromAddress: settings.address,
      fromName: settings.senderName ?? channel.name,
      textBody: message.text,
    });
    // The people an agent deliberately writes to (Cc, forward) take part from now on: their replies thread in.
    const customerAddresses = new Set(input.kind === "forward" ? [] : plan.to.slice(0, 1).map((person) => person.address));
    await emailStore.addParticipants(
      tx,
      conversation.accountId,
      conversation.id,
      [...plan.to, ...plan.cc, ...plan.bcc].filter((person) => !customerAddresses.has(person.address)),
    );
  }

  private async emailConversation(actor: AgentActor, conversationId: string): Promise<{ conversation: ConversationDetails; channel: ChannelRow }> {
    const conversation = await this.conversations.get(actor, conversationId);
    if (conversation.channelType !== "email") throw new ValidationError("channel_type_mismatch", "This conversation is not on an email channel.");
    const channel = await channelStore.findById(this.deps.db, actor.accountId, conversation.channelId);
    if (!channel) throw new NotFoundError("channel_not_found", "The channel of this conversation no longer exists.");
    return { conversation, channel };
  }

  private async messageOf(executor: Executor, actor: AgentActor, conversationId: string, messageId: string): Promise<MessageRow> {
    const message = await messageStore.findById(executor, actor.accountId, messageId);
    if (!message || message.conversationId !== conversationId) throw new NotFoundError("message_not_found", "This message is not part of the conversation.");
    return message;
  }

  private async emailOf(executor: Executor, actor: AgentActor, conversationId: string, messageId: string): Promise<EmailMessageRow> {
    await this.messageOf(executor, actor, conversationId, messageId);
    const email = await emailStore.findByMessage(executor, actor.accountId, messageId);
    if (!email) throw new NotFoundError("message_not_found", "This message is not an email.");
    return email;
  }
}
