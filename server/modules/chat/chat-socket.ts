import type { WebSocket } from "ws";
import { z } from "zod";
import type { ChatServerFrame } from "../../../common/chat.js";
import { limits } from "../../../common/limits.js";
import type { ChannelRow, ChatVisitorRow } from "../../platform/db/rows.js";
import type { DatabaseConnection } from "../../platform/db/database.js";
import { AppError } from "../../platform/errors.js";
import type { Logger } from "../../platform/logging.js";
import type { RealtimeHub } from "../../platform/realtime/realtime-hub.js";
import type { ChatService, VisitorContext } from "./chat.service.js";
import { CHAT_ENTRIES_CHANNEL } from "./chat.store.js";

const KEEPALIVE_MS = 25_000;
/** A socket that has not said hello by then is closed. */
const HELLO_TIMEOUT_MS = 15_000;

const clientMessageId = z.string().trim().min(1).max(100);
const ChatClientFrame = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("hello"),
    visitorToken: z.string().min(1).max(200),
    cursors: z.array(z.object({ conversationId: z.uuid(), seq: z.number().int().min(0) })).max(50).default([]),
  }),
  z.object({ type: z.literal("send"), clientMessageId, text: z.string().max(limits.messageTextLength) }),
  z.object({ type: z.literal("ack"), conversationId: z.uuid(), seq: z.number().int().min(0) }),
  z.object({ type: z.literal("typing"), isTyping: z.boolean() }),
  z.object({ type: z.literal("ping") }),
]);

const EntryNotification = z.object({ accountId: z.uuid(), channelId: z.uuid(), conversationId: z.uuid(), customerId: z.uuid(), visitorId: z.uuid().nullable() });

type Connection = {
  socket: WebSocket;
  context: VisitorContext;
  visitor: ChatVisitorRow | null;
  channel: ChannelRow | null;
  /** The last sequence number sent on this socket, per conversation: the next sync sends what follows. */
  sentSeq: Map<string, number>;
  /** The last sequence number the widget acknowledged, per conversation. */
  ackedSeq: Map<string, number>;
  typingShown: Map<string, boolean>;
  /** Frames of one socket are produced one after another, so messages leave in sequence order. */
  queue: Promise<void>;
  isAlive: boolean;
};

/**
 * The visitors' live channel (GET /api/widget/socket). After `hello` the server replays what
 * the widget has not shown yet, then pushes each new chat entry once it is committed (on any
 * process: entries announce themselves by NOTIFY). Each socket remembers the last sequence
 * number it sent per conversation and always sends everything after it, in order, so a missed
 * notification or a reconnect loses nothing and the widget drops what it has seen by seq.
 */
export class ChatSocketHub {
  private readonly connections = new Set<Connection>();
  private readonly timers: NodeJS.Timeout[] = [];
  private stopListening: Array<() => void | Promise<void>> = [];

  constructor(
    private readonly connection: DatabaseConnection,
    private readonly chat: ChatService,
    private readonly realtime: RealtimeHub,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.stopListening.push(await this.connection.listen(CHAT_ENTRIES_CHANNEL, (payload) => this.receiveEntry(payload)));
    this.stopListening.push(this.realtime.onPresence((accountId, conversationId, agents) => this.showAgentTyping(accountId, conversationId, agents)));
    this.timers.push(setInterval(() => this.keepAlive(), KEEPALIVE_MS).unref());
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    for (const stop of this.stopListening) await stop();
    for (const connection of this.connections) connection.socket.close(1001, "server shutting down");
    this.connections.clear();
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  accept(socket: WebSocket, context: VisitorContext): void {
    const connection: Connection = {
      socket,
      context,
      visitor: null,
      channel: null,
      sentSeq: new Map(),
      ackedSeq: new Map(),
      typingShown: new Map(),
      queue: Promise.resolve(),
      isAlive: true,
    };
    this.connections.add(connection);
    const helloTimer = setTimeout(() => {
      if (!connection.visitor) socket.close(4401, "no hello");
    }, HELLO_TIMEOUT_MS);
    socket.on("pong", () => {
      connection.isAlive = true;
    });
    socket.on("message", (data) => this.enqueue(connection, () => this.receive(connection, data.toString())));
    socket.on("close", () => {
      clearTimeout(helloTimer);
      this.connections.delete(connection);
      if (connection.visitor) void this.chat.typing(connection.visitor, false).catch(() => {});
    });
    socket.on("error", (error) => this.logger.debug({ err: error }, "chat socket error"));
  }

  private enqueue(connection: Connection, work: () => Promise<void>): void {
    connection.queue = connection.queue.then(work).catch((error: unknown) => {
      this.logger.warn({ err: error }, "chat socket work failed");
      this.send(connection, { type: "error", code: "internal_error", message: "Something went wrong. The chat reconnects by itself." });
    });
  }

  private async receive(connection: Connection, text: string): Promise<void> {
    const parsed = ChatClientFrame.safeParse(safeJson(text));
    if (!parsed.success) {
      this.send(connection, { type: "error", code: "validation_failed", message: "The frame is not valid JSON of a known type." });
      return;
    }
    const frame = parsed.data;
    if (frame.type === "ping") return this.send(connection, { type: "pong" });
    if (frame.type === "hello") return this.hello(connection, frame.visitorToken, frame.cursors);
    const { visitor, channel } = connection;
    if (!visitor || !channel) {
      this.send(connection, { type: "error", code: "chat_visitor_token_invalid", message: "Say hello with the visitor token first." });
      return;
    }
    if (frame.type === "ack") {
      const known = connection.sentSeq.get(frame.conversationId);
      if (known !== undefined) connection.ackedSeq.set(frame.conversationId, Math.min(frame.seq, known));
      return;
    }
    if (frame.type === "typing") return this.chat.typing(visitor, frame.isTyping);
    try {
      const result = await this.chat.send(visitor, channel, { clientMessageId: frame.clientMessageId, text: frame.text }, connection.context);
      connection.visitor = await this.chat.reload(visitor);
      if (result.conversationId && !connection.sentSeq.has(result.conversationId)) connection.sentSeq.set(result.conversationId, 0);
      if (result.conversationId) await this.sync(connection, result.conversationId);
      this.send(connection, { type: "sent", clientMessageId: frame.clientMessageId, conversationId: result.conversationId, seq: result.seq });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      this.send(connection, { type: "send_failed", clientMessageId: frame.clientMessageId, code: error.code, message: error.message });
    }
  }

  private async hello(connection: Connection, visitorToken: string, cursors: Array<{ conversationId: string; seq: number }>): Promise<void> {
    try {
      const { visitor, channel } = await this.chat.authenticate(visitorToken, connection.context);
      connection.visitor = visitor;
      connection.channel = channel;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      this.send(connection, { type: "error", code: error.code, message: error.message });
      connection.socket.close(4401, error.code);
      return;
    }
    const visitor = connection.visitor;
    connection.sentSeq.clear();
    for (const cursor of cursors) connection.sentSeq.set(cursor.conversationId, cursor.seq);
    // The conversation going on is replayed from the start if the widget does not know it yet.
    const openConversationId = await this.chat.openConversationId(visitor);
    if (openConversationId && !connection.sentSeq.has(openConversationId)) connection.sentSeq.set(openConversationId, 0);
    this.send(connection, { type: "ready", visitor: { id: visitor.id, name: visitor.name, email: visitor.email, isVerified: visitor.verifiedUserId !== null }, availability: await this.chat.availability(connection.channel!) });
    for (const conversationId of [...connection.sentSeq.keys()]) await this.sync(connection, conversationId);
  }

  /** Sends every entry of the conversation after the last one sent on this socket. */
  private async sync(connection: Connection, conversationId: string): Promise<void> {
    if (!connection.visitor) return;
    const after = connection.sentSeq.get(conversationId) ?? 0;
    const messages = await this.chat.entriesAfter(connection.visitor, conversationId, after);
    for (const message of messages) {
      if (message.seq <= (connection.sentSeq.get(conversationId) ?? 0)) continue;
      this.send(connection, { type: "message", message });
      connection.sentSeq.set(conversationId, message.seq);
    }
  }

  private receiveEntry(payload: string): void {
    const parsed = EntryNotification.safeParse(safeJson(payload));
    if (!parsed.success) return;
    const entry = parsed.data;
    for (const connection of this.connections) {
      const visitor = connection.visitor;
      if (!visitor || visitor.accountId !== entry.accountId || visitor.channelId !== entry.channelId) continue;
      if (visitor.customerId !== entry.customerId && visitor.id !== entry.visitorId) continue;
      this.enqueue(connection, async () => {
        if (connection.visitor && connection.visitor.customerId !== entry.customerId) connection.visitor = await this.chat.reload(connection.visitor);
        if (!connection.sentSeq.has(entry.conversationId)) connection.sentSeq.set(entry.conversationId, 0);
        await this.sync(connection, entry.conversationId);
      });
    }
  }

  private showAgentTyping(accountId: string, conversationId: string, agents: Array<{ name: string; state: string }>): void {
    const typist = agents.find((agent) => agent.state === "typing");
    const isTyping = typist !== undefined;
    for (const connection of this.connections) {
      if (connection.visitor?.accountId !== accountId || !connection.sentSeq.has(conversationId)) continue;
      if ((connection.typingShown.get(conversationId) ?? false) === isTyping) continue;
      connection.typingShown.set(conversationId, isTyping);
      this.send(connection, { type: "typing", conversationId, isTyping, name: typist ? (typist.name.trim().split(/\s+/)[0] ?? null) : null });
    }
  }

  private send(connection: Connection, frame: ChatServerFrame): void {
    if (connection.socket.readyState === connection.socket.OPEN) connection.socket.send(JSON.stringify(frame));
  }

  private keepAlive(): void {
    for (const connection of this.connections) {
      if (!connection.isAlive) {
        connection.socket.terminate();
        continue;
      }
      connection.isAlive = false;
      connection.socket.ping();
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
