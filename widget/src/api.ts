import type { ChatSession, ChatWidgetConfig } from "../../common/chat.js";

export type ErrorBody = { error?: { code?: string; message?: string } };

export class WidgetApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The widget's HTTP calls to Caredesk (cross-origin; the visitor token is the only credential). */
export class WidgetApi {
  constructor(
    private readonly baseUrl: string,
    private readonly channelId: string,
  ) {}

  visitorToken: string | null = null;

  config(): Promise<ChatWidgetConfig> {
    return this.call<ChatWidgetConfig>("GET", `/api/widget/config?channelId=${encodeURIComponent(this.channelId)}`);
  }

  session(body: { visitorToken?: string; identity?: Record<string, string>; locale: string }): Promise<ChatSession> {
    return this.call<ChatSession>("POST", "/api/widget/sessions", JSON.stringify({ channelId: this.channelId, ...body }));
  }

  saveEmail(email: string): Promise<{ email: string; isLinked: boolean }> {
    return this.call("POST", "/api/widget/email", JSON.stringify({ email }));
  }

  sendFile(clientMessageId: string, file: File): Promise<unknown> {
    const form = new FormData();
    form.append("clientMessageId", clientMessageId);
    form.append("file", file, file.name);
    return this.call("POST", "/api/widget/attachments", form);
  }

  absolute(url: string): string {
    return new URL(url, this.baseUrl).toString();
  }

  socketUrl(): string {
    return `${this.baseUrl.replace(/^http/, "ws")}/api/widget/socket`;
  }

  private async call<T>(method: "GET" | "POST", path: string, body?: string | FormData): Promise<T> {
    const headers: Record<string, string> = {};
    if (typeof body === "string") headers["content-type"] = "application/json";
    if (this.visitorToken) headers.authorization = `Bearer ${this.visitorToken}`;
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: body ?? null, credentials: "omit" });
    const json = (await response.json().catch(() => ({}))) as { data?: T } & ErrorBody;
    if (!response.ok) throw new WidgetApiError(json.error?.code ?? "internal_error", json.error?.message ?? response.statusText);
    return json.data as T;
  }
}
