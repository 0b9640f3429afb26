import type { ChannelType } from "../../../common/domain.js";
import type { ServiceDeps } from "../../context.js";
import { channelAdapters } from "../../channels/channel-adapters.js";
import type { InboundMessage } from "../../channels/channel-adapter.js";
import type { Actor, AgentActor } from "../../platform/actor.js";
import type { Executor } from "../../platform/db/database.js";
import type { ChannelRow, ConversationRow, InboundMessageRow } from "../../platform/db/rows.js";
import { NotFoundError } from "../../platform/errors.js";
import * as channelStore from "../channels/channels.store.js";
import type { ConversationService } from "../conversations/conversations.service.js";
import * as conversationStore from "../conversations/conversations.store.js";
import type { CustomerService } from "../customers/customers.service.js";
import type { MessageService } from "../messages/messages.service.js";
import type { MessageDetails } from "../messages/messages.store.js";
import * as ingestStore from "./ingest.store.js";
import { processInboundMessageJob } from "./jobs/process-inbound-message.job.js";

export type IngestResult = {
  inboundMessage: InboundMessageRow;
  conversationNumber: number | null;
  /** True when this external id had been received before; nothing new was stored. */
  isDuplicate: boolean;
};

const SUBJECT_FROM_TEXT_LENGTH = 80;

/**
 * A channel type's own way of accepting an inbound message, inside the ingest transaction
 * (email: threading by headers, one message for a mail that arrived twice, bounces that
 * mark a sent reply instead of opening a conversation). Without one, `accept` applies.
 */
export interface ChannelIntake {
  accept(tx: Executor, channel: ChannelRow, message: InboundMessage): Promise<{ conversationId: string | null; messageId: string | null }>;
}

/**
 * The way in for every channel: store what arrived, then identify the customer, find or
 * open the conversation and append the message.
 *
 * The raw message is inserted first, in the same transaction as its processing, so that
 * concurrent duplicates wait for each other and one commit suffices. If processing fails,
 * that transaction rolls back and the raw message is stored again on its own as `failed`,
 * before the sender gets an answer: visible, and retried by a job. Nothing is acknowledged
 * that is not stored.
 */
export class IngestService {
  private readonly intakes = new Map<ChannelType, ChannelIntake>();

  constructor(
    private readonly deps: Pick<ServiceDeps, "db" | "jobs" | "logger" | "files" | "config">,
    private readonly customers: CustomerService,
    private readonly conversations: ConversationService,
    private readonly messages: MessageService,
  ) {}

  /** Lets a channel type accept its inbound messages its own way (registered by the composition root). */
  useIntake(type: ChannelType, intake: ChannelIntake): void {
    this.intakes.set(type, intake);
  }

  /** An inbound message this channel already received under this external id, if any. */
  findReceived(channel: ChannelRow, externalId: string): Promise<InboundMessageRow | null> {
    return ingestStore.findByExternalId(this.deps.db, channel.id, externalId);
  }

  async receive(channel: ChannelRow, externalId: string, payload: unknown): Promise<IngestResult> {
    try {
      // Parsing may read and unpack a large payload (a 20 MB mail): it runs before the
      // transaction, so it holds no lock and, on PGlite, keeps no other writer waiting.
      const message = await this.parse(channel, payload);
      return await this.deps.db.transaction(async (tx) => {
        const stored = await ingestStore.insertOnce(tx, { accountId: channel.accountId, channelId: channel.id, externalId, payload });
        if (stored) return { ...(await this.processIn(tx, channel, stored, message)), isDuplicate: false };
        // Received before (perhaps a moment ago, by a concurrent request that has committed).
        const existing = await ingestStore.findByExternalIdForUpdate(tx, channel.id, externalId);
        if (!existing) throw new Error("inbound message vanished after a conflict");
        if (existing.status === "processed") return { inboundMessage: existing, conversationNumber: await conversationNumberOf(tx, existing), isDuplicate: true };
        return { ...(await this.processIn(tx, channel, existing, message)), isDuplicate: true };
      });
    } catch (error) {
      return this.storeFailed(channel, externalId, payload, error);
    }
  }

  /**
   * Processes a stored inbound message again (retry job, or an admin's retry); idempotent.
   * On failure the row stays `failed` with the error and one more attempt counted.
   */
  async process(inboundMessageId: string): Promise<InboundMessageRow> {
    try {
      const stored = await ingestStore.findById(this.deps.db, inboundMessageId);
      if (!stored) throw new Error(`inbound message ${inboundMessageId} does not exist`);
      if (stored.status === "processed") return stored;
      const channel = await channelStore.findById(this.deps.db, stored.accountId, stored.channelId);
      if (!channel) throw new Error("the channel of this inbound message no longer exists");
      const message = await this.parse(channel, stored.payload);
      return await this.deps.db.transaction(async (tx) => {
        const inbound = await ingestStore.findForUpdate(tx, inboundMessageId);
        if (!inbound) throw new Error(`inbound message ${inboundMessageId} does not exist`);
        if (inbound.status === "processed") return inbound;
        return (await this.processIn(tx, channel, inbound, message)).inboundMessage;
      });
    } catch (error) {
      return this.recordFailure(inboundMessageId, error);
    }
  }

  /**
   * Identifies the customer, finds their open conversation on the channel (or opens one)
   * and appends the message, inside the caller's transaction.
   */
  async accept(tx: Executor, channel: ChannelRow, message: InboundMessage): Promise<{ conversation: ConversationRow; message: MessageDetails }> {
    const actor: Actor = { type: "channel", id: channel.id, accountId: channel.accountId };
    const { customer } = await this.customers.identifyOrCreate(tx, actor, message.customer);
    const known = { channel, customer };
    const existing = await conversationStore.findOpenForCustomer(tx, channel.accountId, channel.id, customer.id);
    const conversation =
      existing ??
      (await this.conversations.open(tx, actor, { channelId: channel.id, customerId: customer.id, subject: subjectOf(message), language: message.customer.language }, known));
    const created = await this.messages.appendInbound(
      tx,
      actor,
      conversation,
      { text: message.text, html: message.html, externalId: message.externalId, attachments: message.attachments, authorCustomerId: customer.id },
      known,
    );
    return { conversation, message: created };
  }

  async listFailed(actor: AgentActor): Promise<InboundMessageRow[]> {
    return ingestStore.listByStatus(this.deps.db, actor.accountId, "failed", 100);
  }

  async retry(actor: AgentActor, inboundMessageId: string): Promise<InboundMessageRow> {
    const inbound = await ingestStore.findById(this.deps.db, inboundMessageId);
    if (!inbound || inbound.accountId !== actor.accountId) throw new NotFoundError("inbound_message_not_found", "This inbound message does not exist.");
    return this.process(inbound.id);
  }

  conversationNumber(inbound: InboundMessageRow): Promise<number | null> {
    return conversationNumberOf(this.deps.db, inbound);
  }

  private async parse(channel: ChannelRow, payload: unknown): Promise<InboundMessage> {
    const adapter = channelAdapters[channel.type];
    if (!adapter) throw new Error(`${channel.type} channels cannot receive messages yet`);
    const { db, files, config, logger } = this.deps;
    return adapter.parseStored(payload, { db, files, config, logger, channel });
  }

  /** Accepts the parsed message (the channel type's own intake, if it has one) and marks it processed. */
  private async processIn(tx: Executor, channel: ChannelRow, inbound: InboundMessageRow, message: InboundMessage): Promise<Omit<IngestResult, "isDuplicate">> {
    const intake = this.intakes.get(channel.type);
    const outcome: { conversationId: string | null; messageId: string | null; conversationNumber?: number } = intake
      ? await intake.accept(tx, channel, message)
      : await this.accept(tx, channel, message).then(({ conversation, message: created }) => ({ conversationId: conversation.id, messageId: created.id, conversationNumber: conversation.number }));
    const processed = await ingestStore.update(tx, inbound.id, {
      status: "processed",
      error: null,
      attempts: inbound.attempts + 1,
      conversationId: outcome.conversationId,
      messageId: outcome.messageId,
      processedAt: new Date(),
    });
    const conversationNumber = outcome.conversationNumber ?? (await conversationNumberOf(tx, processed));
    return { inboundMessage: processed, conversationNumber };
  }

  /** After a failed first processing: store the raw message as failed and schedule its retry. */
  private async storeFailed(channel: ChannelRow, externalId: string, payload: unknown, error: unknown): Promise<IngestResult> {
    const reason = reasonOf(error);
    this.deps.logger.error({ err: error, channelId: channel.id, externalId }, "inbound message processing failed; it is kept and will be retried");
    return this.deps.db.transaction(async (tx) => {
      const stored = await ingestStore.insertOnce(tx, { accountId: channel.accountId, channelId: channel.id, externalId, payload, status: "failed", error: reason, attempts: 1 });
      if (!stored) {
        const existing = await ingestStore.findByExternalId(tx, channel.id, externalId);
        if (!existing) throw error;
        return { inboundMessage: existing, conversationNumber: await conversationNumberOf(tx, existing), isDuplicate: true };
      }
      await this.deps.jobs.enqueue(tx, processInboundMessageJob, { inboundMessageId: stored.id });
      return { inboundMessage: stored, conversationNumber: null, isDuplicate: false };
    });
  }

  private async recordFailure(inboundMessageId: string, error: unknown): Promise<InboundMessageRow> {
    this.deps.logger.error({ err: error, inboundMessageId }, "inbound message processing failed again; it is kept");
    return this.deps.db.transaction(async (tx) => {
      const inbound = await ingestStore.findForUpdate(tx, inboundMessageId);
      if (!inbound) throw error;
      return ingestStore.update(tx, inbound.id, { status: "failed", error: reasonOf(error), attempts: inbound.attempts + 1 });
    });
  }
}

async function conversationNumberOf(executor: Executor, inbound: InboundMessageRow): Promise<number | null> {
  return ingestStore.conversationNumber(executor, inbound.conversationId);
}

function reasonOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 2000);
}

function subjectOf(message: InboundMessage): string {
  if (message.subject) return message.subject;
  const firstLine = message.text.trim().split("\n")[0] ?? "";
  return firstLine.length > SUBJECT_FROM_TEXT_LENGTH ? `${firstLine.slice(0, SUBJECT_FROM_TEXT_LENGTH - 1)}…` : firstLine;
}
