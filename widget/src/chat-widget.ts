import type { ChatAvailability, ChatConversation, ChatMessage, ChatSession, ChatWidgetConfig, ChatVisitor } from "../../common/chat.js";
import type { Locale } from "../../common/domain.js";
import { WidgetApi, WidgetApiError } from "./api.js";
import { ChatConnection } from "./chat-connection.js";
import { h } from "./dom.js";
import type { Translate } from "./i18n.js";
import { styles } from "./styles.js";

export type WidgetOptions = {
  baseUrl: string;
  channelId: string;
  locale: Locale;
  t: Translate;
  identity: Record<string, string> | undefined;
};

const TYPING_IDLE_MS = 3_000;
const TYPING_FADE_MS = 10_000;
const CHAT_ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>';

/** The launcher and chat window inside a shadow root on the host page. */
export class ChatWidget {
  private readonly api: WidgetApi;
  private readonly t: Translate;
  private readonly root: ShadowRoot;
  private readonly launcher: HTMLButtonElement;
  private readonly badge = h("span", { class: "badge", hidden: true });
  private readonly panel: HTMLDivElement;
  private readonly log = h("div", { class: "log", role: "log", "aria-live": "polite" });
  private readonly notice = h("div", { class: "notice", hidden: true });
  private readonly status = h("div", { class: "status", "aria-live": "polite" });
  private readonly textarea: HTMLTextAreaElement;
  private readonly fileInput = h("input", { type: "file", class: "visually-hidden", tabindex: "-1" });
  private config: ChatWidgetConfig | null = null;
  private connection: ChatConnection | null = null;
  private visitor: ChatVisitor | null = null;
  private sessionStarting: Promise<void> | null = null;
  private readonly pendingBubbles = new Map<string, HTMLElement>();
  private unread = 0;
  private isTyping = false;
  private typingTimer: number | undefined;
  private agentTypingTimer: number | undefined;

  constructor(private readonly options: WidgetOptions) {
    this.api = new WidgetApi(options.baseUrl, options.channelId);
    this.t = options.t;
    const host = h("div", { id: "caredesk-chat", "data-caredesk-chat": "" });
    document.body.append(host);
    this.root = host.attachShadow({ mode: "open" });
    this.launcher = h("button", { class: "launcher", type: "button", "aria-label": this.t("openChat"), "aria-expanded": "false" });
    this.launcher.innerHTML = CHAT_ICON;
    this.launcher.append(this.badge);
    this.textarea = h("textarea", { rows: "1", placeholder: this.t("placeholder"), "aria-label": this.t("placeholder"), maxlength: "20000" });
    const attach = h("button", { class: "icon", type: "button", "aria-label": this.t("attach"), title: this.t("attach"), text: "📎" });
    const send = h("button", { class: "primary", type: "submit", text: this.t("send") });
    const composer = h("form", { class: "composer" }, this.fileInput, attach, this.textarea, send);
    const close = h("button", { class: "close", type: "button", "aria-label": this.t("closeChat"), text: "×" });
    this.panel = h(
      "div",
      { class: "panel", role: "dialog", "aria-label": this.t("title"), hidden: true },
      h("div", { class: "header" }, h("h2", { text: this.t("title") }), close),
      this.notice,
      this.log,
      this.status,
      composer,
    );
    this.root.append(h("style", { text: styles }), this.panel, this.launcher);
    this.launcher.addEventListener("click", () => (this.panel.hidden ? this.open() : this.close()));
    close.addEventListener("click", () => this.close());
    composer.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.sendText();
    });
    this.textarea.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        void this.sendText();
      }
    });
    this.textarea.addEventListener("input", () => this.noteTyping());
    attach.addEventListener("click", () => this.fileInput.click());
    this.fileInput.addEventListener("change", () => void this.sendFile());
  }

  async start(): Promise<void> {
    try {
      this.config = await this.api.config();
    } catch {
      this.root.host.remove(); // unknown channel or a site that may not embed it: show nothing
      return;
    }
    const host = this.root.host as HTMLElement;
    host.style.setProperty("--cd-primary", this.config.colors.primary);
    host.style.setProperty("--cd-on-primary", this.config.colors.onPrimary);
    this.panel.querySelector("h2")!.textContent = this.config.name;
    this.log.append(h("div", { class: "msg greeting", text: this.config.greeting[this.options.locale] }));
    // A returning visitor reconnects at once, so that replies that came meanwhile show up.
    if (this.storedToken()) void this.ensureSession();
  }

  private open(): void {
    this.panel.hidden = false;
    this.launcher.setAttribute("aria-expanded", "true");
    this.launcher.setAttribute("aria-label", this.t("closeChat"));
    this.unread = 0;
    this.badge.hidden = true;
    this.textarea.focus();
    void this.ensureSession();
  }

  private close(): void {
    this.panel.hidden = true;
    this.launcher.setAttribute("aria-expanded", "false");
    this.launcher.setAttribute("aria-label", this.t("openChat"));
  }

  private ensureSession(): Promise<void> {
    this.sessionStarting ??= this.startSession().catch((error: unknown) => {
      this.sessionStarting = null;
      const code = error instanceof WidgetApiError ? error.code : "";
      this.showStatus(code === "chat_identity_required" || code === "chat_identity_invalid" ? this.t("identityRequired") : this.t("unavailable"));
      throw error;
    });
    return this.sessionStarting;
  }

  private async startSession(): Promise<void> {
    const stored = this.storedToken();
    const session: ChatSession = await this.api.session({
      ...(stored ? { visitorToken: stored } : {}),
      ...(this.options.identity ? { identity: this.options.identity } : {}),
      locale: this.options.locale,
    });
    const token = session.visitorToken ?? stored!;
    if (session.visitorToken) this.storeToken(session.visitorToken);
    this.api.visitorToken = token;
    this.visitor = session.visitor;
    this.connection = new ChatConnection(this.api.socketUrl(), token, {
      onReady: (frame) => {
        this.visitor = frame.visitor;
        this.showAvailability(frame.availability);
      },
      onMessage: (message) => this.showMessage(message, true),
      onSendFailed: (clientMessageId, reason) => {
        const bubble = this.pendingBubbles.get(clientMessageId);
        bubble?.classList.add("failed");
        bubble?.setAttribute("title", this.t("failed", { reason }));
        this.showStatus(this.t("failed", { reason }));
      },
      onTyping: (frame) => this.showAgentTyping(frame.isTyping, frame.name),
      onConnectionChange: (isConnected) => this.showStatus(isConnected ? "" : this.t("offline")),
      onRefused: () => {
        this.forgetToken();
        this.showStatus(this.t("unavailable"));
      },
    });
    this.showHistory(session.conversations);
    this.showAvailability(session.availability);
    this.connection.start();
  }

  private showHistory(conversations: ChatConversation[]): void {
    for (const conversation of conversations) for (const message of conversation.messages) this.showMessage(message, false);
  }

  private showMessage(message: ChatMessage, isLive: boolean): void {
    if (isLive === false && this.connection && !this.connection.accept(message)) return;
    const bubble = this.bubbleOf(message);
    const pending = message.clientMessageId ? this.pendingBubbles.get(message.clientMessageId) : undefined;
    if (pending) {
      pending.replaceWith(bubble);
      this.pendingBubbles.delete(message.clientMessageId!);
    } else {
      this.log.append(bubble);
    }
    if (message.direction === "out") this.showAgentTyping(false, null);
    this.log.scrollTop = this.log.scrollHeight;
    if (isLive && message.direction === "out" && this.panel.hidden) {
      this.unread += 1;
      this.badge.textContent = String(this.unread);
      this.badge.hidden = false;
    }
  }

  private bubbleOf(message: ChatMessage): HTMLElement {
    const author = message.direction === "in" ? this.t("you") : (message.authorName ?? this.t("team"));
    const bubble = h("div", { class: `msg ${message.direction}`, "data-seq": String(message.seq) }, h("span", { class: "author", text: author }));
    if (message.text) bubble.append(message.text);
    for (const attachment of message.attachments) {
      const url = this.api.absolute(attachment.url);
      const link = h("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: attachment.contentType.startsWith("image/") ? undefined : attachment.fileName });
      if (attachment.contentType.startsWith("image/")) link.append(h("img", { src: url, alt: attachment.fileName }));
      bubble.append(link);
    }
    return bubble;
  }

  private async sendText(): Promise<void> {
    const text = this.textarea.value.trim();
    if (!text) return;
    this.textarea.value = "";
    this.stopTyping();
    await this.ensureSession();
    const clientMessageId = newId();
    const bubble = h("div", { class: "msg in pending", title: this.t("sending") }, h("span", { class: "author", text: this.t("you") }), text);
    this.pendingBubbles.set(clientMessageId, bubble);
    this.log.append(bubble);
    this.log.scrollTop = this.log.scrollHeight;
    this.connection!.send(clientMessageId, text);
  }

  private async sendFile(): Promise<void> {
    const file = this.fileInput.files?.[0];
    this.fileInput.value = "";
    if (!file) return;
    const maxBytes = this.config?.limits.attachmentBytes ?? Infinity;
    if (file.size > maxBytes) {
      this.showStatus(this.t("attachmentTooLarge", { size: Math.round(maxBytes / 1024 / 1024) }));
      return;
    }
    await this.ensureSession();
    const clientMessageId = newId();
    const bubble = h("div", { class: "msg in pending", title: this.t("sending") }, h("span", { class: "author", text: this.t("you") }), file.name);
    this.pendingBubbles.set(clientMessageId, bubble);
    this.log.append(bubble);
    try {
      await this.api.sendFile(clientMessageId, file);
    } catch (error) {
      bubble.classList.add("failed");
      this.showStatus(this.t("failed", { reason: error instanceof Error ? error.message : "" }));
    }
  }

  private noteTyping(): void {
    if (!this.connection) return;
    if (!this.isTyping) {
      this.isTyping = true;
      this.connection.typing(true);
    }
    window.clearTimeout(this.typingTimer);
    this.typingTimer = window.setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  private stopTyping(): void {
    window.clearTimeout(this.typingTimer);
    if (!this.isTyping) return;
    this.isTyping = false;
    this.connection?.typing(false);
  }

  private showAgentTyping(isTyping: boolean, name: string | null): void {
    window.clearTimeout(this.agentTypingTimer);
    this.status.textContent = isTyping ? (name ? this.t("typing", { name }) : this.t("someoneTyping")) : this.connection?.isConnected === false ? this.t("offline") : "";
    if (isTyping) this.agentTypingTimer = window.setTimeout(() => this.showAgentTyping(false, null), TYPING_FADE_MS);
  }

  private showStatus(text: string): void {
    this.status.textContent = text;
  }

  private showAvailability(availability: ChatAvailability): void {
    this.notice.replaceChildren();
    this.notice.hidden = !availability.shouldAskForEmail;
    if (!availability.shouldAskForEmail) return;
    this.notice.append(h("p", { text: availability.isOpen ? this.t("noAgentOnline") : this.t("outsideHours") }));
    if (this.visitor?.email) {
      this.notice.append(h("p", { text: this.t("emailSaved", { email: this.visitor.email }) }));
      return;
    }
    const input = h("input", { type: "email", required: true, "aria-label": this.t("emailLabel"), placeholder: this.t("emailLabel"), autocomplete: "email" });
    const form = h("form", {}, input, h("button", { class: "primary", type: "submit", text: this.t("emailSave") }));
    this.notice.append(h("p", { text: this.t("leaveEmail") }), form);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.saveEmail(input.value, availability);
    });
  }

  private async saveEmail(email: string, availability: ChatAvailability): Promise<void> {
    try {
      await this.ensureSession();
      const saved = await this.api.saveEmail(email);
      this.visitor = { ...this.visitor!, email: saved.email };
      this.showAvailability(availability);
    } catch (error) {
      this.showStatus(error instanceof Error ? error.message : this.t("unavailable"));
    }
  }

  private storageKey(): string {
    return `caredesk-chat:${this.options.channelId}`;
  }

  private storedToken(): string | null {
    try {
      return localStorage.getItem(this.storageKey());
    } catch {
      return null; // storage blocked: the visitor gets a fresh session on every page
    }
  }

  private storeToken(token: string): void {
    try {
      localStorage.setItem(this.storageKey(), token);
    } catch {
      // see storedToken
    }
  }

  private forgetToken(): void {
    try {
      localStorage.removeItem(this.storageKey());
    } catch {
      // see storedToken
    }
  }
}

function newId(): string {
  return typeof crypto.randomUUID === "function" ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
