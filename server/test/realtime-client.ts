import type { ClientRequest } from "node:http";
import { WebSocket } from "ws";
import type { RealtimeServerFrame } from "../../common/events.js";

/** A test's WebSocket to /api/realtime: keeps every frame and waits for the ones it expects. */
export class RealtimeClient {
  readonly frames: RealtimeServerFrame[] = [];
  private readonly waiters = new Set<() => void>();
  private isClosed = false;

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data) => {
      this.frames.push(JSON.parse(data.toString()) as RealtimeServerFrame);
      for (const wake of this.waiters) wake();
    });
    socket.on("close", () => {
      this.isClosed = true;
      for (const wake of this.waiters) wake();
    });
  }

  /**
   * Opens the socket; resolves once it is open, or rejects with the HTTP status of a
   * refused upgrade (`RealtimeRefusedError`).
   */
  static connect(url: string, headers: Record<string, string>): Promise<RealtimeClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      socket.once("open", () => resolve(new RealtimeClient(socket)));
      socket.once("unexpected-response", (request, response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () => reject(new RealtimeRefusedError(response.statusCode ?? 0, body, whenServerCloses(request))));
      });
      socket.once("error", reject);
    });
  }

  get isOpen(): boolean {
    return !this.isClosed && this.socket.readyState === WebSocket.OPEN;
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** The first frame (received so far or later) that matches, or an error after the timeout. */
  waitFor<T extends RealtimeServerFrame = RealtimeServerFrame>(matches: (frame: RealtimeServerFrame) => boolean, timeoutMs = 10_000, from = 0): Promise<T> {
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
        if (this.isClosed) {
          done();
          reject(new Error("the realtime socket closed before the expected frame arrived"));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no matching realtime frame within ${timeoutMs} ms; received: ${JSON.stringify(this.frames).slice(0, 2000)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Waits for an event frame by name (and optional condition) and returns its event. */
  async waitForEvent(name: string, matches: (event: Extract<RealtimeServerFrame, { type: "event" }>["event"]) => boolean = () => true, timeoutMs = 10_000) {
    const frame = await this.waitFor<Extract<RealtimeServerFrame, { type: "event" }>>((candidate) => candidate.type === "event" && candidate.event.name === name && matches(candidate.event), timeoutMs);
    return frame.event;
  }

  get events() {
    return this.frames.flatMap((frame) => (frame.type === "event" ? [frame.event] : []));
  }

  close(): Promise<void> {
    if (this.isClosed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once("close", () => resolve());
      this.socket.close();
    });
  }
}

/**
 * Resolves true once the server closes a refused upgrade's connection, or false if it is
 * still open after `timeoutMs` (then the client drops it, as ws leaves that to us).
 */
function whenServerCloses(request: ClientRequest, timeoutMs = 5_000): Promise<boolean> {
  const socket = request.socket;
  return new Promise((resolve) => {
    if (!socket || socket.destroyed) return resolve(true);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, timeoutMs);
    socket.once("close", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export class RealtimeRefusedError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    /** Whether the server closed the connection after refusing (see whenServerCloses). */
    readonly isClosedByServer: Promise<boolean>,
  ) {
    super(`the realtime upgrade was refused with ${status}: ${body}`);
  }
}
