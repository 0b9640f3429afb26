import type { ChatClientFrame, ChatMessage, ChatServerFrame } from "../../common/chat.js";

export type ConnectionEvents = {
  onReady(frame: Extract<ChatServerFrame, { type: "ready" }>): void;
  onMessage(message: ChatMessage): void;
  onSendFailed(clientMessageId: string, reason: string): void;
  onTyping(frame: Extract<ChatServerFrame, { type: "typing" }>): void;
  onConnectionChange(isConnected: boolean): void;
  onRefused(code: string): void;
};

const MAX_RETRY_MS = 10_000;

/**
 * The visitor's live connection. It remembers the last sequence number shown per
 * conversation and says hello with it after every (re)connect, so the server replays exactly
 * what was missed; a message at or below that number is a repeat and is dropped. Sends stay
 * pending until the server confirms them and are sent again, with the same client id, after
 * a reconnect: the server stores each id once.
 */
export class ChatConnection {
  private socket: WebSocket | null = null;
  private retryMs = 500;
  private retryTimer: number | undefined;
  private isStopped = false;
  private readonly lastSeq = new Map<string, number>();
  private readonly pending = new Map<string, string>();

  constructor(
    private readonly url: string,
    private readonly visitorToken: string,
    private readonly events: ConnectionEvents,
  ) {}

  start(): void {
    window.addEventListener("online", () => this.reconnectNow());
    // A phone that loses its network often keeps a dead socket open for minutes: drop it at once.
    window.addEventListener("offline", () => this.socket?.close());
    this.connect();
  }

  /** Whether the message is new (and remembers it); repeats after a replay are false. */
  accept(message: ChatMessage): boolean {
    if (message.seq <= (this.lastSeq.get(message.conversationId) ?? 0)) return false;
    this.lastSeq.set(message.conversationId, message.seq);
    if (message.clientMessageId) this.pending.delete(message.clientMessageId);
    return true;
  }

  send(clientMessageId: string, text: string): void {
    this.pending.set(clientMessageId, text);
    this.transmit({ type: "send", clientMessageId, text });
  }

  typing(isTyping: boolean): void {
    this.transmit({ type: "typing", isTyping });
  }

  get isConnected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  private connect(): void {
    if (this.isStopped) return;
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      const cursors = [...this.lastSeq].map(([conversationId, seq]) => ({ conversationId, seq }));
      socket.send(JSON.stringify({ type: "hello", visitorToken: this.visitorToken, cursors } satisfies ChatClientFrame));
    };
    socket.onmessage = (event) => this.receive(JSON.parse(String(event.data)) as ChatServerFrame);
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.events.onConnectionChange(false);
      if (event.code === 4401) {
        this.isStopped = true;
        this.events.onRefused(event.reason);
        return;
      }
      this.retryTimer = window.setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    };
  }

  private reconnectNow(): void {
    if (this.isStopped || this.socket) return;
    window.clearTimeout(this.retryTimer);
    this.retryMs = 500;
    this.connect();
  }

  private receive(frame: ChatServerFrame): void {
    switch (frame.type) {
      case "ready":
        this.retryMs = 500;
        this.events.onReady(frame);
        this.events.onConnectionChange(true);
        for (const [clientMessageId, text] of this.pending) this.transmit({ type: "send", clientMessageId, text });
        return;
      case "message":
        if (this.accept(frame.message)) this.events.onMessage(frame.message);
        this.transmit({ type: "ack", conversationId: frame.message.conversationId, seq: frame.message.seq });
        return;
      case "sent":
        // Stored but still being processed (seq null): the message arrives once it is.
        if (frame.seq !== null) this.pending.delete(frame.clientMessageId);
        return;
      case "send_failed":
        this.pending.delete(frame.clientMessageId);
        this.events.onSendFailed(frame.clientMessageId, frame.message);
        return;
      case "typing":
        this.events.onTyping(frame);
        return;
      default:
        return;
    }
  }

  private transmit(frame: ChatClientFrame): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }
}
