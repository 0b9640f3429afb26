import { sql } from "drizzle-orm";
import type { ServiceDeps } from "../../context.js";
import type { Actor, AgentActor } from "../../platform/actor.js";
import type { Executor } from "../../platform/db/database.js";
import type { ConversationRow, MessageRow } from "../../platform/db/rows.js";
import { NotFoundError, ValidationError } from "../../platform/errors.js";
import { htmlToText, sanitizeMessageHtml } from "../../platform/html.js";
import { decodeCursor, pageFrom } from "../../platform/pagination.js";
import { channelAdapters } from "../../channels/channel-adapters.js";
import type { AttachmentService, SavedFile } from "../attachments/attachments.service.js";
import * as channelStore from "../channels/channels.store.js";
import type { ConversationService, KnownContext } from "../conversations/conversations.service.js";
import type { ConversationDetails } from "../conversations/conversations.store.js";
import { firstStatusOfKind } from "../conversations/conversations.service.js";
import * as conversationStore from "../conversations/conversations.store.js";
import { conversations } from "../conversations/conversations.table.js";
import { presentConversation } from "../conversations/conversations.presenter.js";
import { deliverMessageJob } from "./jobs/deliver-message.job.js";
import type { ListMessagesInput, SendMessageInput } from "./messages.schemas.js";
import * as messageStore from "./messages.store.js";
import type { MessageDetails } from "./messages.store.js";
import { presentMessage } from "./messages.presenter.js";

const PREVIEW_LENGTH = 160;

export type InboundContent = {
  text: string;
  html: string | null;
  externalId: string | null;
  attachments: SavedFile[];
  authorCustomerId: string;
  /** Records channel details of the message (email headers) before `message.created`, so the event carries them. */
  beforeEvent?: BeforeMessageEvent;
};

export type BeforeMessageEvent = (tx: Executor, message: MessageRow) => Promise<void>;

export class MessageService {
  constructor(
    private readonly deps: Pick<ServiceDeps, "db" | "events" | "jobs">,
    private readonly conversations: ConversationService,
    private readonly attachments: AttachmentService,
  ) {}

  async list(actor: AgentActor, conversationId: string, input: ListMessagesInput): Promise<{ data: MessageDetails[]; nextCursor: string | null }> {
    await this.conversations.get(actor, conversationId);
    const before = input.cursor ? decodeCursor(input.cursor, ["timestamp", "id"]) : null;
    const rows = await messageStore.listPage(
      this.deps.db,
      actor.accountId,
      conversationId,
      before ? { createdAt: String(before[0]), id: String(before[1]) } : null,
      input.limit,
    );
    const page = pageFrom(rows, input.limit, (row) => [row.createdAtExact, row.id]);
    // Pages walk backwards in time; each page reads oldest to newest.
    return { data: (await messageStore.withDetails(this.deps.db, page.data)).reverse(), nextCursor: page.nextCursor };
  }

  /**
   * An agent's reply or internal note. A reply is delivered through the channel after commit.
   * `beforeEvent` lets a channel record its details of the reply (email recipients) in the same transaction.
   */
  async send(actor: AgentActor, conversationId: string, input: SendMessageInput, options: { beforeEvent?: BeforeMessageEvent } = {}): Promise<MessageDetails> {
    return this.deps.db.transaction(async (tx) => {
      const conversation = await conversationStore.findForUpdate(tx, actor.accountId, conversationId);
      if (!conversation) throw new NotFoundError("conversation_not_found", "This conversation does not exist.");
      const channel = await channelStore.findById(tx, actor.accountId, conversation.channelId);
      const html = input.html ? sanitizeMessageHtml(input.html) : null;
      const text = input.text.trim() || (html ? htmlToText(html) : "");
      const adapter = channel ? channelAdapters[channel.type] : undefined;
      const message = await messageStore.insert(tx, {
        accountId: actor.accountId,
        conversationId: conversation.id,
        direction: "out",
        authorType: "agent",
        authorAgentId: actor.id,
        isNote: input.isNote,
        text,
        html,
        ...(input.isNote
          ? { deliveryStatus: "not_applicable" as const }
          : adapter
            ? { deliveryStatus: "pending" as const }
            : { deliveryStatus: "failed" as const, deliveryError: `Sending on ${channel?.type ?? "this"} channels is not set up yet; the reply is stored but was not sent.` }),
      });
      const files = await this.attachments.attachUploads(tx, actor, input.attachmentIds, message.id);
      await options.beforeEvent?.(tx, message);
      if (!input.isNote && adapter) await this.deps.jobs.enqueue(tx, deliverMessageJob, { accountId: actor.accountId, messageId: message.id });

      const isFirstResponse = !input.isNote && conversation.firstResponseAt === null;
      const afterMessage = await this.recordOnConversation(tx, conversation, message, { isFirstResponse });
      const statusChange =
        input.status ?? (!input.isNote && afterMessage.statusKind === "new" ? (await firstStatusOfKind(tx, actor.accountId, "open")).key : undefined);
      const known = { channel: channel ?? undefined };
      const details = statusChange
        ? await this.conversations.change(tx, actor, afterMessage, { status: statusChange }, known)
        : await this.conversations.details(tx, afterMessage, known);
      // Channel-specific details (an email's headers) were written by `beforeEvent`: read them back.
      const [withDetails] = options.beforeEvent ? await messageStore.withDetails(tx, [message]) : [{ ...message, authorName: actor.name, attachments: files, email: null }];
      return this.recordCreated(tx, actor, withDetails!, details);
    });
  }

  /**
   * Appends a customer's message inside the ingest transaction. A solved conversation the
   * customer writes into is reopened.
   */
  async appendInbound(tx: Executor, actor: Actor, conversation: ConversationRow, content: InboundContent, known: KnownContext = {}): Promise<MessageDetails> {
    const message = await messageStore.insert(tx, {
      accountId: conversation.accountId,
      conversationId: conversation.id,
      direction: "in",
      authorType: "customer",
      authorCustomerId: content.authorCustomerId,
      text: content.text,
      html: content.html ? sanitizeMessageHtml(content.html) : null,
      externalId: content.externalId,
      deliveryStatus: "received",
    });
    const files = [];
    for (const file of content.attachments) {
      files.push(await this.attachments.record(tx, conversation.accountId, file, { messageId: message.id, uploadedByAgentId: null }));
    }
    await content.beforeEvent?.(tx, message);
    const updated = await this.recordOnConversation(tx, conversation, message, { isFirstResponse: false });
    const needsReopening = updated.statusKind === "solved" || updated.statusKind === "pending" || updated.statusKind === "on_hold";
    const details = needsReopening
      ? await this.conversations.change(tx, actor, updated, { status: (await firstStatusOfKind(tx, conversation.accountId, "open")).key }, known)
      : await this.conversations.details(tx, updated, known);
    const authorName = known.customer?.id === content.authorCustomerId ? known.customer.name : null;
    const [withDetails] =
      authorName === null || content.beforeEvent ? await messageStore.withDetails(tx, [message]) : [{ ...message, authorName, attachments: files, email: null }];
    return this.recordCreated(tx, actor, withDetails!, details);
  }

  /**
   * A reply the system sends by itself (an email acknowledgement): delivered like an agent's
   * reply, but it is no first response and leaves the conversation's preview and status alone.
   */
  async appendSystemReply(
    tx: Executor,
    actor: Actor,
    conversation: ConversationRow,
    content: { text: string; html: string | null; beforeEvent?: BeforeMessageEvent },
  ): Promise<MessageDetails> {
    const message = await messageStore.insert(tx, {
      accountId: conversation.accountId,
      conversationId: conversation.id,
      direction: "out",
      authorType: "system",
      text: content.text,
      html: content.html ? sanitizeMessageHtml(content.html) : null,
      deliveryStatus: "pending",
    });
    await content.beforeEvent?.(tx, message);
    await this.deps.jobs.enqueue(tx, deliverMessageJob, { accountId: conversation.accountId, messageId: message.id });
    const updated = await conversationStore.update(tx, conversation.id, { messageCount: sql`${conversations.messageCount} + 1` as unknown as number });
    const [withDetails] = await messageStore.withDetails(tx, [message]);
    return this.recordCreated(tx, actor, withDetails!, await this.conversations.details(tx, updated));
  }

  /**
   * A message of the bot: a reply, delivered through the conversation's channel like an agent's
   * (but no first response), or an internal note for the agents.
   */
  async appendBotMessage(tx: Executor, actor: Actor, conversation: ConversationRow, content: { text: string; isNote: boolean }): Promise<MessageDetails> {
    const channel = await channelStore.findById(tx, conversation.accountId, conversation.channelId);
    const adapter = channel ? channelAdapters[channel.type] : undefined;
    const message = await messageStore.insert(tx, {
      accountId: conversation.accountId,
      conversationId: conversation.id,
      direction: "out",
      authorType: "bot",
      isNote: content.isNote,
      text: content.text,
      html: null,
      ...(content.isNote
        ? { deliveryStatus: "not_applicable" as const }
        : adapter
          ? { deliveryStatus: "pending" as const }
          : { deliveryStatus: "failed" as const, deliveryError: `Sending on ${channel?.type ?? "this"} channels is not set up yet; the reply is stored but was not sent.` }),
    });
    if (!content.isNote && adapter) await this.deps.jobs.enqueue(tx, deliverMessageJob, { accountId: conversation.accountId, messageId: message.id });
    const updated = await this.recordOnConversation(tx, conversation, message, { isFirstResponse: false });
    const details = await this.conversations.details(tx, updated, { channel: channel ?? undefined });
    return this.recordCreated(tx, actor, { ...message, authorName: null, attachments: [], email: null }, details);
  }

  /**
   * An internal note written inside the caller's transaction (the reason of an escalation);
   * by the agent, or by Caredesk itself for a system actor.
   */
  async appendNote(tx: Executor, actor: Actor, conversation: ConversationRow, text: string): Promise<{ message: MessageDetails; conversation: ConversationRow }> {
    const message = await messageStore.insert(tx, {
      accountId: conversation.accountId,
      conversationId: conversation.id,
      direction: "out",
      authorType: actor.type === "agent" ? "agent" : "system",
      authorAgentId: actor.type === "agent" ? actor.id : null,
      isNote: true,
      text,
      html: null,
      deliveryStatus: "not_applicable",
    });
    const updated = await this.recordOnConversation(tx, conversation, message, { isFirstResponse: false });
    const [withDetails] = await messageStore.withDetails(tx, [message]);
    await this.recordCreated(tx, actor, withDetails!, await this.conversations.details(tx, updated));
    return { message: withDetails!, conversation: updated };
  }

  /** Puts a failed reply back into the delivery queue. */
  async retryDelivery(actor: AgentActor, messageId: string): Promise<MessageDetails> {
    return this.deps.db.transaction(async (tx) => {
      const message = await messageStore.findForUpdate(tx, actor.accountId, messageId);
      if (!message) throw new NotFoundError("message_not_found", "This message does not exist.");
      const conversation = await conversationStore.findDetails(tx, actor.accountId, message.conversationId);
      if (message.deliveryStatus !== "failed" || message.isNote || message.direction !== "out" || !conversation || !channelAdapters[conversation.channelType]) {
        throw new ValidationError("message_not_retryable", "Only a failed reply on a channel that can send may be retried.");
      }
      const updated = await messageStore.update(tx, message.id, { deliveryStatus: "pending", deliveryError: null });
      await this.deps.jobs.enqueue(tx, deliverMessageJob, { accountId: actor.accountId, messageId: message.id });
      return this.recordUpdated(tx, actor, updated);
    });
  }

  async recordUpdated(tx: Executor, actor: Actor, message: MessageRow): Promise<MessageDetails> {
    const [details] = await messageStore.withDetails(tx, [message]);
    await this.deps.events.record(tx, message.accountId, { name: "message.updated", actor, conversationId: message.conversationId, data: { message: presentMessage(details!) } });
    return details!;
  }

  private async recordCreated(tx: Executor, actor: Actor, message: MessageDetails, conversation: ConversationDetails): Promise<MessageDetails> {
    await this.deps.events.record(tx, message.accountId, {
      name: "message.created",
      actor,
      conversationId: message.conversationId,
      data: { message: presentMessage(message), conversation: presentConversation(conversation) },
    });
    return message;
  }

  /** Keeps the conversation's activity, preview and counters in step with its messages. */
  private async recordOnConversation(tx: Executor, conversation: ConversationRow, message: MessageRow, options: { isFirstResponse: boolean }): Promise<ConversationRow> {
    const isVisible = !message.isNote;
    return conversationStore.update(tx, conversation.id, {
      lastActivityAt: message.createdAt,
      messageCount: sql`${conversations.messageCount} + 1` as unknown as number,
      ...(isVisible ? { preview: message.text.replace(/\s+/g, " ").trim().slice(0, PREVIEW_LENGTH) } : {}),
      ...(message.direction === "in" ? { lastCustomerMessageAt: message.createdAt } : {}),
      ...(options.isFirstResponse ? { firstResponseAt: message.createdAt } : {}),
    });
  }
}
