import { WebSocket } from "ws";
import type { ChatClientFrame, ChatMessage, ChatServerFrame } from "../../common/chat.js";

/**
 * A test's chat widget on /api/widget/socket: keeps every frame, shows each message once by
 * its sequence number (as the widget does) and can drop and resume its connection.
 */
export class ChatVisitorClient {
  readonly frames: ChatServerFrame[] = [];
  /** The transcript as a widget would show it: one entry per (conversation, seq). */
  readonly shown = new Map<string, ChatMessage>();
  private socket: WebSocket | null = null;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly url: string,
    private readonly visitorToken: string,
    private readonly origin: string,
  ) {}

  /** Opens the socket and says hello with the last seq shown per conversation. */
  async connect(): Promise<void> {
    const socket = new WebSocket(this.url, { headers: { origin: this.origin } });
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    this.socket = socket;
    socket.on("message", (data) => {
      const frame = JSON.parse(data.toString()) as ChatServerFrame;
      this.frames.push(frame);
      if (frame.type === "message") {
        const key = `${frame.message.conversationId}:${frame.message.seq}`;
        if (!this.shown.has(key)) this.shown.set(key, frame.message);
        this.send({ type: "ack", conversationId: frame.message.conversationId, seq: frame.message.seq });
      }
      for (const wake of this.waiters) wake();
    });
    socket.on("close", () => {
      for (const wake of this.waiters) wake();
    });
    this.send({ type: "hello", visitorToken: this.visitorToken, cursors: this.cursors() });
  }

  /** The last sequence number shown per conversation. */
  cursors(): Array<{ conversationId: string; seq: number }> {
    const last = new Map<string, number>();
    for (const message of this.shown.values()) last.set(message.conversationId, Math.max(last.get(message.conversationId) ?? 0, message.seq));
    return [...last].map(([conversationId, seq]) => ({ conversationId, seq }));
  }

  send(frame: ChatClientFrame | string): void {
    this.socket?.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** Drops the connection without a goodbye (as a phone losing its network). */
  drop(): void {
    this.socket?.terminate();
    this.socket = null;
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = null;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      socket.once("close", () => resolve());
      socket.close();
    });
  }

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Every message shown, in transcript order. */
  get transcript(): ChatMessage[] {
    return [...this.shown.values()].sort((a, b) => a.conversationId.localeCompare(b.conversationId) || a.seq - b.seq);
  }

  messageFrames(): ChatMessage[] {
    return this.frames.flatMap((frame) => (frame.type === "message" ? [frame.message] : []));
  }

  waitFor<T extends ChatServerFrame = ChatServerFrame>(matches: (frame: ChatServerFrame) => boolean, timeoutMs = 10_000, from = 0): Promise<T> {
    return new Promise((resolve, reject) => {
      let checked = from;
      const check = () => {
        for (; checked < this.frames.length; checked += 1) {
          const frame = this.frames[checked]!;
          if (matches(frame)) {
            done();
            resolve(frame as T);
            return;
          }
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no matching chat frame within ${timeoutMs} ms; received: ${JSON.stringify(this.frames).slice(-2000)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  waitForText(text: string, timeoutMs = 10_000): Promise<ChatMessage> {
    return this.waitFor<Extract<ChatServerFrame, { type: "message" }>>((frame) => frame.type === "message" && frame.message.text === text, timeoutMs).then((frame) => frame.message);
  }
}
