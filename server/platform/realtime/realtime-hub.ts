import { randomUUID } from "node:crypto";
import type { WebSocket } from "ws";
import { z } from "zod";
import type { RealtimeServerFrame } from "../../../common/events.js";
import type { AgentActor } from "../actor.js";
import type { DatabaseConnection } from "../db/database.js";
import type { EventBus } from "../events/events.js";
import type { Logger } from "../logging.js";
import type { PresenceState } from "../../../common/domain.js";
import type { ConnectionObserver } from "./connection-observer.js";
import { PRESENCE_TTL_MS, PresenceBoard } from "./presence.js";

const PRESENCE_CHANNEL = "caredesk_presence";
const CUSTOMER_TYPING_CHANNEL = "caredesk_customer_typing";
const KEEPALIVE_MS = 25_000;
const SWEEP_MS = 2_000;
const HEARTBEAT_MS = 10_000;

const ClientFrame = z.discriminatedUnion("type", [
  z.object({ type: z.literal("presence"), conversationId: z.uuid(), state: z.enum(["viewing", "typing", "left"]) }),
  z.object({ type: z.literal("ping") }),
  z.object({ type: z.literal("activity") }),
]);

const PresenceNotification = z.object({
  accountId: z.uuid(),
  conversationId: z.uuid(),
  agent: z.object({ id: z.uuid(), name: z.string() }),
  state: z.enum(["viewing", "typing", "left"]),
});

export type RealtimeOptions = {
  /** How long presence lasts without a heartbeat (tests shorten it). */
  presenceTtlMs?: Record<PresenceState, number>;
  /** How often expired presence is swept out and announced. */
  presenceSweepMs?: number;
  /** How often this process tells the connection observer which connections it holds. */
  heartbeatMs?: number;
};

const CustomerTypingNotification = z.object({ accountId: z.uuid(), conversationId: z.uuid(), isTyping: z.boolean() });

/** Who is on a conversation now; the chat tells its visitor when an agent types. */
export type PresenceListener = (accountId: string, conversationId: string, agents: Array<{ id: string; name: string; state: PresenceState }>) => void;

type Connection = {
  id: string;
  socket: WebSocket;
  actor: AgentActor;
  conversations: Set<string>;
  isAlive: boolean;
  /** The observer's calls for this connection, chained so that `closed` never overtakes `opened`. */
  lifecycle: Promise<void>;
};

/**
 * The agent app's live channel. Committed domain events reach every connection of their
 * account, on every Caredesk process (the event bus rides on LISTEN/NOTIFY). Presence
 * (viewing, typing) is shared the same way so that two agents see each other.
 */
export class RealtimeHub {
  private readonly connectionsByAccount = new Map<string, Set<Connection>>();
  private readonly presence: PresenceBoard;
  private readonly timers: NodeJS.Timeout[] = [];
  private stopListening: Array<() => void | Promise<void>> = [];
  private readonly presenceListeners = new Set<PresenceListener>();
  private observer: ConnectionObserver | null = null;

  constructor(
    private readonly connection: DatabaseConnection,
    private readonly events: EventBus,
    private readonly logger: Logger,
    private readonly options: RealtimeOptions = {},
  ) {
    this.presence = new PresenceBoard(options.presenceTtlMs ?? PRESENCE_TTL_MS);
  }

  /** Agent presence (online, away, offline) follows the connections this hub holds. */
  observeConnections(observer: ConnectionObserver): void {
    this.observer = observer;
  }

  async start(): Promise<void> {
    this.stopListening.push(this.events.onEvent((event) => this.broadcast(event.accountId, { type: "event", event })));
    this.stopListening.push(await this.connection.listen(PRESENCE_CHANNEL, (payload) => this.receivePresence(payload)));
    this.stopListening.push(await this.connection.listen(CUSTOMER_TYPING_CHANNEL, (payload) => this.receiveCustomerTyping(payload)));
    this.timers.push(setInterval(() => this.keepAlive(), KEEPALIVE_MS).unref());
    this.timers.push(setInterval(() => this.sweepPresence(), this.options.presenceSweepMs ?? SWEEP_MS).unref());
    this.timers.push(setInterval(() => void this.heartbeat(), this.options.heartbeatMs ?? HEARTBEAT_MS).unref());
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    for (const stop of this.stopListening) await stop();
    const closing: Array<Promise<void>> = [];
    for (const connections of this.connectionsByAccount.values()) {
      for (const connection of connections) {
        connection.socket.close(1001, "server shutting down");
        closing.push(this.observe(connection, (observer) => observer.closed(connection.id, connection.actor)));
      }
    }
    this.connectionsByAccount.clear();
    await Promise.all(closing);
  }

  get connectionCount(): number {
    let count = 0;
    for (const connections of this.connectionsByAccount.values()) count += connections.size;
    return count;
  }

  /** Whether an agent of the account has the agent app open on this process. */
  hasAgentConnected(accountId: string): boolean {
    return (this.connectionsByAccount.get(accountId)?.size ?? 0) > 0;
  }

  /** Calls the listener whenever who is on a conversation changes (on every process). */
  onPresence(listener: PresenceListener): () => void {
    this.presenceListeners.add(listener);
    return () => this.presenceListeners.delete(listener);
  }

  /** Tells the account's agents, on every process, that the customer is (no longer) typing. */
  async publishCustomerTyping(accountId: string, conversationId: string, isTyping: boolean): Promise<void> {
    const notification: z.infer<typeof CustomerTypingNotification> = { accountId, conversationId, isTyping };
    try {
      await this.connection.executeSql("select pg_notify($1, $2)", [CUSTOMER_TYPING_CHANNEL, JSON.stringify(notification)]);
    } catch (error) {
      this.logger.warn({ err: error }, "could not publish customer typing");
    }
  }

  accept(socket: WebSocket, actor: AgentActor): void {
    const connection: Connection = { id: randomUUID(), socket, actor, conversations: new Set(), isAlive: true, lifecycle: Promise.resolve() };
    void this.observe(connection, (observer) => observer.opened(connection.id, actor));
    const connections = this.connectionsByAccount.get(actor.accountId) ?? new Set();
    connections.add(connection);
    this.connectionsByAccount.set(actor.accountId, connections);

    socket.on("pong", () => {
      connection.isAlive = true;
    });
    socket.on("message", (data) => void this.receive(connection, data.toString()));
    socket.on("close", () => this.drop(connection));
    socket.on("error", (error) => this.logger.debug({ err: error }, "realtime socket error"));

    this.send(connection, { type: "ready", agentId: actor.id });
    for (const { conversationId, agents } of this.presence.snapshot(actor.accountId)) {
      this.send(connection, { type: "presence", conversationId, agents: agents.map(({ agentId, name, state }) => ({ id: agentId, name, state })) });
    }
  }

  private async receive(connection: Connection, text: string): Promise<void> {
    let frame: z.infer<typeof ClientFrame>;
    try {
      frame = ClientFrame.parse(JSON.parse(text));
    } catch {
      this.send(connection, { type: "error", code: "validation_failed", message: "The frame is not valid JSON of a known type." });
      return;
    }
    if (frame.type === "ping") return;
    if (frame.type === "activity") {
      await this.observe(connection, (observer) => observer.activity(connection.id, connection.actor));
      return;
    }
    if (frame.state === "left") {
      connection.conversations.delete(frame.conversationId);
      if (this.isStillViewedBySameAgent(connection, frame.conversationId)) return;
    } else {
      connection.conversations.add(frame.conversationId);
    }
    await this.publishPresence(connection.actor, frame.conversationId, frame.state);
  }

  /** An agent with the conversation open in another tab is still there when one tab leaves. */
  private isStillViewedBySameAgent(leaving: Connection, conversationId: string): boolean {
    for (const other of this.connectionsByAccount.get(leaving.actor.accountId) ?? []) {
      if (other !== leaving && other.actor.id === leaving.actor.id && other.conversations.has(conversationId)) return true;
    }
    return false;
  }

  private drop(connection: Connection): void {
    const connections = this.connectionsByAccount.get(connection.actor.accountId);
    if (!connections?.has(connection)) return; // already dropped at shutdown
    connections.delete(connection);
    void this.observe(connection, (observer) => observer.closed(connection.id, connection.actor));
    for (const conversationId of connection.conversations) {
      if (!this.isStillViewedBySameAgent(connection, conversationId)) void this.publishPresence(connection.actor, conversationId, "left");
    }
  }

  private observe(connection: Connection, call: (observer: ConnectionObserver) => Promise<void>): Promise<void> {
    const observer = this.observer;
    if (!observer) return Promise.resolve();
    connection.lifecycle = connection.lifecycle.then(() => call(observer)).catch((error) => this.logger.warn({ err: error }, "connection observer failed"));
    return connection.lifecycle;
  }

  private async heartbeat(): Promise<void> {
    if (!this.observer) return;
    const ids = [...this.connectionsByAccount.values()].flatMap((connections) => [...connections].map((connection) => connection.id));
    try {
      await this.observer.heartbeat(ids);
    } catch (error) {
      this.logger.warn({ err: error }, "connection heartbeat failed");
    }
  }

  private async publishPresence(actor: AgentActor, conversationId: string, state: "viewing" | "typing" | "left"): Promise<void> {
    const notification: z.infer<typeof PresenceNotification> = { accountId: actor.accountId, conversationId, agent: { id: actor.id, name: actor.name }, state };
    try {
      await this.connection.executeSql("select pg_notify($1, $2)", [PRESENCE_CHANNEL, JSON.stringify(notification)]);
    } catch (error) {
      this.logger.warn({ err: error }, "could not publish presence");
    }
  }

  private receivePresence(payload: string): void {
    const parsed = PresenceNotification.safeParse(safeJson(payload));
    if (!parsed.success) return;
    const { accountId, conversationId, agent, state } = parsed.data;
    if (this.presence.apply(accountId, conversationId, agent, state)) this.broadcastPresence(accountId, conversationId);
  }

  private receiveCustomerTyping(payload: string): void {
    const parsed = CustomerTypingNotification.safeParse(safeJson(payload));
    if (!parsed.success) return;
    const { accountId, conversationId, isTyping } = parsed.data;
    this.broadcast(accountId, { type: "customer_typing", conversationId, isTyping });
  }

  private sweepPresence(): void {
    for (const { accountId, conversationId } of this.presence.sweep()) this.broadcastPresence(accountId, conversationId);
  }

  private broadcastPresence(accountId: string, conversationId: string): void {
    const agents = this.presence.agentsOn(accountId, conversationId).map(({ agentId, name, state }) => ({ id: agentId, name, state }));
    this.broadcast(accountId, { type: "presence", conversationId, agents });
    for (const listener of this.presenceListeners) listener(accountId, conversationId, agents);
  }

  private broadcast(accountId: string, frame: RealtimeServerFrame): void {
    const connections = this.connectionsByAccount.get(accountId);
    if (!connections || connections.size === 0) return;
    const text = JSON.stringify(frame);
    for (const connection of connections) {
      if (connection.socket.readyState === connection.socket.OPEN) connection.socket.send(text);
    }
  }

  private send(connection: Connection, frame: RealtimeServerFrame): void {
    if (connection.socket.readyState === connection.socket.OPEN) connection.socket.send(JSON.stringify(frame));
  }

  private keepAlive(): void {
    for (const connections of this.connectionsByAccount.values()) {
      for (const connection of connections) {
        if (!connection.isAlive) {
          connection.socket.terminate();
          continue;
        }
        connection.isAlive = false;
        connection.socket.ping();
      }
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
