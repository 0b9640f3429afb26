import { createHash } from "node:crypto";
import type { ReadStream } from "node:fs";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { ChatAvailability, ChatConversation, ChatMessage, ChatSession, ChatWidgetConfig } from "../../../common/chat.js";
import { limits } from "../../../common/limits.js";
import type { ServiceDeps } from "../../context.js";
import type { InboundMessage } from "../../channels/channel-adapter.js";
import { chatSettingsOf, type ChatChannelSettings } from "../../channels/chat/chat-settings.js";
import type { Actor } from "../../platform/actor.js";
import type { AttachmentRow, ChannelRow, ChatVisitorRow } from "../../platform/db/rows.js";
import { ForbiddenError, NotFoundError, RateLimitError, UnauthorizedError, ValidationError } from "../../platform/errors.js";
import { agents } from "../agents/agents.table.js";
import { attachments } from "../attachments/attachments.table.js";
import type { AttachmentService, IncomingFile } from "../attachments/attachments.service.js";
import { generateToken, hashToken, safeEqual } from "../auth/secrets.js";
import { scheduleOf } from "../business-hours/business-hours.presenter.js";
import type { BusinessHoursService } from "../business-hours/business-hours.service.js";
import * as businessHoursStore from "../business-hours/business-hours.store.js";
import { isOpen } from "../business-hours/business-time.js";
import * as channelStore from "../channels/channels.store.js";
import { channels } from "../channels/channels.table.js";
import { DEMO_ADMIN_EMAIL } from "../seed/demo-data.js";
import * as conversationStore from "../conversations/conversations.store.js";
import { presentCustomer } from "../customers/customers.presenter.js";
import type { CustomerService } from "../customers/customers.service.js";
import * as customerStore from "../customers/customers.store.js";
import type { IngestService } from "../ingest/ingest.service.js";
import * as messageStore from "../messages/messages.store.js";
import { attachmentSignature, presentChatConversation, presentChatMessage, presentChatVisitor } from "./chat.presenter.js";
import * as chatStore from "./chat.store.js";
import { type SignedIdentity, type VerifiedIdentity, verifyIdentity } from "./identity-verification.js";

/** Where a widget request comes from: the page's origin and the client's address. */
export type VisitorContext = { origin: string | null; ip: string };

export type StartSessionInput = { channelId: string; visitorToken?: string | undefined; identity?: SignedIdentity | undefined; locale?: string | undefined };

export type SendInput = { clientMessageId: string; text: string; files?: IncomingFile[] };

/** The outcome of a send: stored with its place in the transcript, or stored and still being processed. */
export type SendResult = { conversationId: string | null; seq: number | null; message: ChatMessage | null };

/** Who else can tell whether an agent is online (the realtime hub's live connections). */
export type AgentConnectionCheck = (accountId: string) => boolean;

/** Publishes "the customer is typing" to the agents (the realtime hub). */
export type CustomerTypingPublisher = (accountId: string, conversationId: string, isTyping: boolean) => Promise<void>;

const HISTORY_CONVERSATIONS = 3;
const HISTORY_MESSAGES = 200;
const REPLAY_BATCH = 200;
const HOUR_MS = 60 * 60 * 1000;

/**
 * The website chat from the visitor's side: the widget's configuration, sessions (visitor
 * tokens, identity verification), history, sending through the normal ingest path, typing,
 * email capture when nobody answers live, and signed attachment downloads.
 */
export class ChatService {
  private agentConnections: AgentConnectionCheck = () => false;
  private publishTyping: CustomerTypingPublisher = async () => {};

  constructor(
    private readonly deps: Pick<ServiceDeps, "db" | "config" | "events" | "files">,
    private readonly ingest: IngestService,
    private readonly customers: CustomerService,
    private readonly attachments: AttachmentService,
    private readonly businessHours: BusinessHoursService,
  ) {}

  /** Connects the realtime hub (composition root): live agent connections and customer typing. */
  useRealtime(options: { agentConnections: AgentConnectionCheck; publishTyping: CustomerTypingPublisher }): void {
    this.agentConnections = options.agentConnections;
    this.publishTyping = options.publishTyping;
  }

  async config(channelId: string, context: VisitorContext): Promise<ChatWidgetConfig> {
    const channel = await this.chatChannel(channelId);
    this.checkOrigin(channel, context.origin);
    const settings = chatSettingsOf(channel.settings);
    return {
      channelId: channel.id,
      name: channel.name,
      colors: settings.colors,
      greeting: settings.greeting,
      isIdentityRequired: settings.identityVerification.isRequired,
      availability: await this.availability(channel),
      limits: { messageTextLength: limits.messageTextLength, attachmentBytes: limits.attachmentBytes },
    };
  }

  /**
   * Resumes the visitor's session (by its token) or starts a new one. A verified identity
   * attaches the session to the site's known customer; an anonymous session never sees
   * anyone else's conversations.
   */
  async startSession(input: StartSessionInput, context: VisitorContext): Promise<ChatSession & { isNew: boolean }> {
    const channel = await this.chatChannel(input.channelId);
    this.checkOrigin(channel, context.origin);
    const settings = chatSettingsOf(channel.settings);
    const verified = input.identity ? this.verify(settings, input.identity) : null;
    if (!verified && settings.identityVerification.isRequired) {
      throw new UnauthorizedError("chat_identity_required", "This chat is only for signed-in users: the site must pass a signed identity.");
    }
    const existing = input.visitorToken ? await chatStore.findVisitorByTokenHash(this.deps.db, hashToken(input.visitorToken)) : null;
    // A verified visitor must not inherit an anonymous session's conversations, nor another user's.
    if (existing && existing.channelId === channel.id && existing.verifiedUserId === (verified?.userId ?? existing.verifiedUserId)) {
      if (settings.identityVerification.isRequired && !existing.verifiedUserId) {
        throw new UnauthorizedError("chat_identity_required", "This chat is only for signed-in users: the site must pass a signed identity.");
      }
      const visitor = await chatStore.updateVisitor(this.deps.db, existing.id, { lastSeenAt: new Date(), ...(input.locale ? { locale: input.locale } : {}) });
      return { ...(await this.sessionOf(channel, visitor, null)), isNew: false };
    }
    const visitorToken = generateToken("cdw");
    const visitor = await this.deps.db.transaction(async (tx) => {
      const created = await chatStore.insertVisitor(tx, {
        accountId: channel.accountId,
        channelId: channel.id,
        tokenHash: hashToken(visitorToken),
        verifiedUserId: verified?.userId ?? null,
        name: verified?.name ?? null,
        email: verified?.email ?? null,
        locale: input.locale ?? null,
        ipHash: hashAddress(context.ip),
      });
      if (!verified) return created;
      const { customer } = await this.customers.identifyOrCreate(tx, channelActor(channel), {
        identities: identitiesOf(created),
        name: verified.name,
        language: input.locale ?? null,
      });
      return chatStore.updateVisitor(tx, created.id, { customerId: customer.id });
    });
    return { ...(await this.sessionOf(channel, visitor, visitorToken)), isNew: true };
  }

  /** The visitor and their channel, by the token the widget presents. */
  async authenticate(visitorToken: string | null, context: VisitorContext): Promise<{ visitor: ChatVisitorRow; channel: ChannelRow }> {
    const visitor = visitorToken ? await chatStore.findVisitorByTokenHash(this.deps.db, hashToken(visitorToken)) : null;
    const channel = visitor ? await channelStore.findById(this.deps.db, visitor.accountId, visitor.channelId) : null;
    if (!visitor || !channel || channel.type !== "chat" || !channel.isEnabled) {
      throw new UnauthorizedError("chat_visitor_token_invalid", "The chat session is not valid (any more). Start a new one.");
    }
    this.checkOrigin(channel, context.origin);
    return { visitor, channel };
  }

  async history(visitor: ChatVisitorRow): Promise<ChatConversation[]> {
    if (!visitor.customerId) return [];
    const conversations = await chatStore.listCustomerConversations(this.deps.db, visitor.accountId, visitor.channelId, visitor.customerId, HISTORY_CONVERSATIONS);
    const result = [];
    for (const conversation of conversations.reverse()) {
      const entries = await chatStore.listLatestEntries(this.deps.db, visitor.accountId, conversation.id, HISTORY_MESSAGES);
      result.push(presentChatConversation(conversation, await this.present(visitor, entries)));
    }
    return result;
  }

  /** Messages of one of the visitor's conversations after `afterSeq`, oldest first (replay after a reconnect). */
  async entriesAfter(visitor: ChatVisitorRow, conversationId: string, afterSeq: number): Promise<ChatMessage[]> {
    if (!visitor.customerId) return [];
    const conversation = await chatStore.findCustomerConversation(this.deps.db, visitor.accountId, visitor.channelId, visitor.customerId, conversationId);
    if (!conversation) return [];
    const messages: ChatMessage[] = [];
    for (let after = afterSeq; ; ) {
      const entries = await chatStore.listEntries(this.deps.db, visitor.accountId, conversationId, after, REPLAY_BATCH);
      messages.push(...(await this.present(visitor, entries)));
      if (entries.length < REPLAY_BATCH) return messages;
      after = entries.at(-1)!.seq;
    }
  }

  /** The visitor's conversation that is still going on (not closed), if any. */
  async openConversationId(visitor: ChatVisitorRow): Promise<string | null> {
    if (!visitor.customerId) return null;
    const conversation = await conversationStore.findOpenForCustomer(this.deps.db, visitor.accountId, visitor.channelId, visitor.customerId);
    return conversation?.id ?? null;
  }

  /** The demo account's chat channel (the demo page shows it when no channel is named). */
  async demoChannelId(): Promise<string | null> {
    const [row] = await this.deps.db
      .select({ id: channels.id })
      .from(channels)
      .innerJoin(agents, eq(agents.accountId, channels.accountId))
      .where(and(eq(agents.email, DEMO_ADMIN_EMAIL), eq(channels.type, "chat"), eq(channels.isEnabled, true)))
      .orderBy(asc(channels.createdAt))
      .limit(1);
    return row?.id ?? null;
  }

  /** Re-reads the visitor (their customer is set by their first message). */
  async reload(visitor: ChatVisitorRow): Promise<ChatVisitorRow> {
    return (await chatStore.findVisitor(this.deps.db, visitor.accountId, visitor.id)) ?? visitor;
  }

  /**
   * A visitor's message, through the ingest path every channel uses. The client's message id
   * makes it idempotent: the same id again answers with the first result and stores nothing.
   */
  async send(visitor: ChatVisitorRow, channel: ChannelRow, input: SendInput, context: VisitorContext): Promise<SendResult> {
    const text = input.text.trim();
    const files = input.files ?? [];
    if (!text && files.length === 0) throw new ValidationError("validation_failed", "A message needs text or an attachment.", [{ field: "body.text", message: "is empty" }]);
    if (text.length > limits.messageTextLength) {
      throw new ValidationError("validation_failed", `A message may be at most ${limits.messageTextLength} characters long.`, [{ field: "body.text", message: "is too long" }]);
    }
    const externalId = `${visitor.id}:${input.clientMessageId}`;
    const received = await this.ingest.findReceived(channel, externalId);
    if (received?.status === "processed") return this.resultOf(visitor, received.messageId);
    if (!received) await this.checkRateLimits(visitor, channel, context);
    const saved = [];
    for (const file of files) saved.push(await this.attachments.save(channel.accountId, file));
    const payload: InboundMessage = {
      externalId,
      customer: { identities: identitiesOf(visitor), name: displayNameOf(visitor), language: visitor.locale },
      subject: null,
      text,
      html: null,
      attachments: saved,
      sentAt: new Date().toISOString(),
      channelData: { visitorId: visitor.id, clientMessageId: input.clientMessageId, ipHash: hashAddress(context.ip) },
    };
    const result = received ? { inboundMessage: await this.ingest.process(received.id) } : await this.ingest.receive(channel, externalId, payload);
    if (result.inboundMessage.status !== "processed") return { conversationId: null, seq: null, message: null };
    return this.resultOf(visitor, result.inboundMessage.messageId);
  }

  /** Tells the agents on the visitor's conversation that the visitor is (no longer) typing. */
  async typing(visitor: ChatVisitorRow, isTyping: boolean): Promise<void> {
    const conversationId = await this.openConversationId(await this.reload(visitor));
    if (conversationId) await this.publishTyping(visitor.accountId, conversationId, isTyping);
  }

  /**
   * The visitor's email address, left when nobody answers live: it becomes the customer's
   * email identity, so the team can continue by email. An address that already belongs to
   * another customer is kept on the visitor only (an agent merges the two if they are one).
   */
  async captureEmail(visitor: ChatVisitorRow, channel: ChannelRow, email: string): Promise<{ email: string; isLinked: boolean }> {
    const address = email.trim().toLowerCase();
    return this.deps.db.transaction(async (tx) => {
      const actor = channelActor(channel);
      const current = await chatStore.findVisitor(tx, visitor.accountId, visitor.id);
      const customerId =
        current?.customerId ?? (await this.customers.identifyOrCreate(tx, actor, { identities: identitiesOf(visitor), name: displayNameOf(visitor), language: visitor.locale })).customer.id;
      await chatStore.updateVisitor(tx, visitor.id, { customerId, email: address });
      const owner = await customerStore.findByIdentity(tx, visitor.accountId, "email", address);
      if (owner) return { email: address, isLinked: owner.id === customerId };
      await customerStore.insertIdentity(tx, { accountId: visitor.accountId, customerId, kind: "email", value: address });
      const customer = await customerStore.findById(tx, visitor.accountId, customerId);
      const [withIdentities] = await customerStore.withIdentities(tx, [customer!]);
      await this.deps.events.record(tx, visitor.accountId, { name: "customer.updated", actor, data: { customer: presentCustomer(withIdentities!) } });
      return { email: address, isLinked: true };
    });
  }

  /** An attachment of the visitor's own conversations, by a link signed for that visitor. */
  async openAttachment(attachmentId: string, visitorId: string | null, signature: string | null): Promise<{ attachment: AttachmentRow; stream: ReadStream }> {
    const notFound = new NotFoundError("attachment_not_found", "This attachment does not exist.");
    const visitor = visitorId ? await chatStore.findVisitorUnscoped(this.deps.db, visitorId) : null;
    if (!visitor?.customerId || !signature || !safeEqual(attachmentSignature(visitor, attachmentId), signature)) throw notFound;
    const [attachment] = await this.deps.db.select().from(attachments).where(and(eq(attachments.accountId, visitor.accountId), eq(attachments.id, attachmentId)));
    const entry = attachment?.messageId ? await chatStore.findEntryByMessage(this.deps.db, visitor.accountId, attachment.messageId) : null;
    const conversation = entry ? await chatStore.findCustomerConversation(this.deps.db, visitor.accountId, visitor.channelId, visitor.customerId, entry.conversationId) : null;
    if (!attachment || !conversation) throw notFound;
    return { attachment, stream: this.deps.files.open(attachment.storageKey) };
  }

  async availability(channel: ChannelRow, now = new Date()): Promise<ChatAvailability> {
    const settings = chatSettingsOf(channel.settings);
    const chosen = settings.businessHoursId ? await businessHoursStore.findById(this.deps.db, channel.accountId, settings.businessHoursId) : null;
    const isOpenNow = chosen ? isOpen(scheduleOf(chosen), now) : await this.businessHours.isOpenNow(channel.accountId, { channelId: channel.id }, now);
    const isAgentOnline = await this.isAgentOnline(channel.accountId);
    return { isOpen: isOpenNow, isAgentOnline, shouldAskForEmail: settings.askForEmailWhenUnavailable && !(isOpenNow && isAgentOnline) };
  }

  /**
   * An agent counts as online when their presence says so (kept by the presence module) or,
   * on this process, while their agent app is connected.
   */
  private async isAgentOnline(accountId: string): Promise<boolean> {
    if (this.agentConnections(accountId)) return true;
    const [online] = await this.deps.db
      .select({ id: agents.id })
      .from(agents)
      .where(and(eq(agents.accountId, accountId), eq(agents.presence, "online"), isNull(agents.deactivatedAt)))
      .limit(1);
    return online !== undefined;
  }

  private async resultOf(visitor: ChatVisitorRow, messageId: string | null): Promise<SendResult> {
    const entry = messageId ? await chatStore.findEntryByMessage(this.deps.db, visitor.accountId, messageId) : null;
    if (!entry) return { conversationId: null, seq: null, message: null };
    const [message] = await this.present(await this.reload(visitor), [entry]);
    return { conversationId: entry.conversationId, seq: entry.seq, message: message ?? null };
  }

  private async present(visitor: ChatVisitorRow, entries: Awaited<ReturnType<typeof chatStore.listEntries>>): Promise<ChatMessage[]> {
    if (entries.length === 0) return [];
    const messages = [];
    for (const entry of entries) {
      const message = await messageStore.findById(this.deps.db, visitor.accountId, entry.messageId);
      if (message && !message.isNote) messages.push({ entry, message });
    }
    const details = await messageStore.withDetails(this.deps.db, messages.map(({ message }) => message));
    return messages.map(({ entry }, index) => presentChatMessage(entry, details[index]!, visitor));
  }

  private async sessionOf(channel: ChannelRow, visitor: ChatVisitorRow, visitorToken: string | null): Promise<ChatSession> {
    return { visitor: presentChatVisitor(visitor), visitorToken, conversations: await this.history(visitor), availability: await this.availability(channel) };
  }

  private verify(settings: ChatChannelSettings, identity: SignedIdentity): VerifiedIdentity {
    const secret = settings.identityVerification.secret;
    const verified = secret ? verifyIdentity(secret, identity) : null;
    if (!verified) throw new UnauthorizedError("chat_identity_invalid", "The signed identity is not valid for this chat channel: the signature is wrong, or it has expired.");
    return verified;
  }

  private async chatChannel(channelId: string): Promise<ChannelRow> {
    const channel = await channelStore.findByIdUnscoped(this.deps.db, channelId);
    if (!channel || channel.type !== "chat" || !channel.isEnabled) throw new NotFoundError("channel_not_found", "This chat does not exist or is switched off.");
    return channel;
  }

  private checkOrigin(channel: ChannelRow, origin: string | null): void {
    if (!isAllowedOrigin(channel, origin, this.deps.config.publicUrl)) {
      throw new ForbiddenError("chat_origin_forbidden", "This website may not embed this chat. An admin can allow it in the chat channel's settings.");
    }
  }

  private async checkRateLimits(visitor: ChatVisitorRow, channel: ChannelRow, context: VisitorContext): Promise<void> {
    const current = await this.reload(visitor);
    if (await this.openConversationId(current)) return; // writing into a conversation that goes on: not a new one
    const { rateLimits } = chatSettingsOf(channel.settings);
    const since = new Date(Date.now() - HOUR_MS);
    const byVisitor = await chatStore.countStartedSince(this.deps.db, channel.id, since, { visitorId: visitor.id });
    const byAddress = await chatStore.countStartedSince(this.deps.db, channel.id, since, { ipHash: hashAddress(context.ip) });
    if (byVisitor >= rateLimits.conversationsPerVisitorPerHour || byAddress >= rateLimits.conversationsPerIpPerHour) {
      throw new RateLimitError("rate_limited", "You have started many conversations in a short time. Please wait a while before starting another one.", 15 * 60);
    }
  }
}

/** Pages on Caredesk itself, and the sites the channel allows (all when the list is empty); requests without an origin are not from a browser page. */
export function isAllowedOrigin(channel: ChannelRow, origin: string | null, publicUrl: string): boolean {
  if (!origin) return true;
  const allowed = chatSettingsOf(channel.settings).allowedOrigins;
  if (allowed.length === 0 || allowed.includes(origin)) return true;
  try {
    return new URL(publicUrl).origin === origin;
  } catch {
    return false;
  }
}

/** The identities a visitor's messages carry: the site's user id once verified, else the visitor itself. */
function identitiesOf(visitor: Pick<ChatVisitorRow, "id" | "verifiedUserId" | "email">): InboundMessage["customer"]["identities"] {
  if (!visitor.verifiedUserId) return [{ kind: "chat_visitor", value: visitor.id }];
  return [{ kind: "api", value: visitor.verifiedUserId }, ...(visitor.email ? [{ kind: "email" as const, value: visitor.email }] : [])];
}

/** What agents call a visitor who has not said their name: short, and distinct enough within a day. */
function displayNameOf(visitor: Pick<ChatVisitorRow, "id" | "name">): string {
  return visitor.name ?? `Visitor ${visitor.id.slice(-4).toUpperCase()}`;
}

function channelActor(channel: ChannelRow): Actor {
  return { type: "channel", id: channel.id, accountId: channel.accountId };
}

export function hashAddress(ip: string): string {
  return createHash("sha256").update(`caredesk-chat:${ip}`).digest("hex");
}

