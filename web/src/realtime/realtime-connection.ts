import type { RealtimeClientFrame, RealtimeServerFrame } from "../../../common/events";

export type ConnectionStatus = "connecting" | "online" | "offline";

const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;

/**
 * The one WebSocket of the agent app (GET /api/realtime, authenticated by the session
 * cookie). Reconnects with exponential backoff and jitter; says so when it comes back,
 * so that callers can refetch what they may have missed.
 */
export class RealtimeConnection {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private hasBeenOnline = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private isClosed = false;
  private currentStatus: ConnectionStatus = "connecting";
  private readonly frameListeners = new Set<(frame: RealtimeServerFrame) => void>();
  private readonly openListeners = new Set<(isReconnect: boolean) => void>();
  private readonly statusListeners = new Set<() => void>();
  private readonly failureListeners = new Set<() => void>();

  constructor(private readonly url: string) {}

  start(): void {
    this.isClosed = false;
    window.addEventListener("online", this.reconnectNow);
    document.addEventListener("visibilitychange", this.reconnectWhenVisible);
    this.open();
  }

  stop(): void {
    this.isClosed = true;
    window.removeEventListener("online", this.reconnectNow);
    document.removeEventListener("visibilitychange", this.reconnectWhenVisible);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.close(1000, "closed by the app");
    this.socket = null;
  }

  get status(): ConnectionStatus {
    return this.currentStatus;
  }

  /** Sends a frame if connected; presence is re-announced on reconnect, so dropping is fine. */
  send(frame: RealtimeClientFrame): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  onFrame(listener: (frame: RealtimeServerFrame) => void): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  /** Called on every successful connect; `isReconnect` after the first. */
  onOpen(listener: (isReconnect: boolean) => void): () => void {
    this.openListeners.add(listener);
    return () => this.openListeners.delete(listener);
  }

  /** Called when a connection attempt fails or drops (the session may have ended). */
  onFailure(listener: () => void): () => void {
    this.failureListeners.add(listener);
    return () => this.failureListeners.delete(listener);
  }

  subscribeStatus = (listener: () => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  };

  private open(): void {
    this.setStatus("connecting");
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener("open", () => {
      if (this.socket !== socket) return;
      const isReconnect = this.hasBeenOnline;
      this.hasBeenOnline = true;
      this.attempt = 0;
      this.setStatus("online");
      for (const listener of this.openListeners) listener(isReconnect);
    });
    socket.addEventListener("message", (message) => {
      if (this.socket !== socket || typeof message.data !== "string") return;
      let frame: RealtimeServerFrame;
      try {
        frame = JSON.parse(message.data) as RealtimeServerFrame;
      } catch {
        return;
      }
      for (const listener of this.frameListeners) listener(frame);
    });
    socket.addEventListener("close", () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.isClosed) return;
      this.setStatus("offline");
      for (const listener of this.failureListeners) listener();
      this.scheduleRetry();
    });
  }

  private scheduleRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const delay = Math.min(MAX_DELAY_MS, INITIAL_DELAY_MS * 2 ** this.attempt);
    this.attempt += 1;
    // Jitter keeps a whole team from reconnecting in the same instant after a restart.
    this.retryTimer = setTimeout(() => this.open(), delay / 2 + Math.random() * (delay / 2));
  }

  private readonly reconnectNow = (): void => {
    if (this.isClosed || this.socket) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.attempt = 0;
    this.open();
  };

  private readonly reconnectWhenVisible = (): void => {
    if (document.visibilityState === "visible") this.reconnectNow();
  };

  private setStatus(status: ConnectionStatus): void {
    if (this.currentStatus === status) return;
    this.currentStatus = status;
    for (const listener of this.statusListeners) listener();
  }
}

export function realtimeUrl(location: Location = window.location): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/realtime`;
}
