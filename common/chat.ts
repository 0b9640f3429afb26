/**
 * The website chat's contract between the server and the widget: the public channel
 * configuration, the visitor's view of messages, and the frames on the visitor WebSocket
 * (GET /api/widget/socket). Types only, so that the widget bundle carries none of the
 * server's code; the server validates incoming frames with zod (server/modules/chat).
 */

import type { Locale } from "./domain.js";

export type ChatAvailability = {
  /** Inside the channel's business hours. */
  isOpen: boolean;
  /** At least one agent of the account is online. */
  isAgentOnline: boolean;
  /** Whether the widget should say that nobody answers live now and ask for an email address. */
  shouldAskForEmail: boolean;
};

/** What any page may read about a chat channel (GET /api/widget/config?channelId=…). */
export type ChatWidgetConfig = {
  channelId: string;
  name: string;
  colors: { primary: string; onPrimary: string };
  greeting: Record<Locale, string>;
  /** Visitors must present a signed identity; anonymous sessions are refused. */
  isIdentityRequired: boolean;
  availability: ChatAvailability;
  limits: { messageTextLength: number; attachmentBytes: number };
};

export type ChatAttachment = { id: string; fileName: string; contentType: string; byteSize: number; url: string };

/** One message as the visitor sees it: never a note, never an agent's full identity. */
export type ChatMessage = {
  id: string;
  conversationId: string;
  /** Position in the conversation as delivered to the visitor: 1, 2, 3, … without gaps. */
  seq: number;
  /** The widget's own id of a message the visitor sent, so it can replace its pending bubble. */
  clientMessageId: string | null;
  direction: "in" | "out";
  authorType: "customer" | "agent" | "bot" | "system";
  /** The agent's first name, or null for the visitor, the bot and the system. */
  authorName: string | null;
  text: string;
  attachments: ChatAttachment[];
  createdAt: string;
};

export type ChatConversation = { id: string; status: "active" | "solved" | "closed"; messages: ChatMessage[] };

export type ChatVisitor = { id: string; name: string | null; email: string | null; isVerified: boolean };

export type ChatSession = {
  visitor: ChatVisitor;
  /** Present only when a new session was created: keep it (localStorage) to come back. */
  visitorToken: string | null;
  conversations: ChatConversation[];
  availability: ChatAvailability;
};

/** The last sequence number the widget has shown (and acknowledged) per conversation. */
export type ChatCursor = { conversationId: string; seq: number };

export type ChatClientFrame =
  /** First frame: authenticates and asks for everything after the cursors. */
  | { type: "hello"; visitorToken: string; cursors: ChatCursor[] }
  /** Sends a message; the same clientMessageId again is answered with the first result. */
  | { type: "send"; clientMessageId: string; text: string }
  /** The widget has shown everything up to seq: a later hello resumes after it. */
  | { type: "ack"; conversationId: string; seq: number }
  | { type: "typing"; isTyping: boolean }
  | { type: "ping" };

export type ChatServerFrame =
  | { type: "ready"; visitor: ChatVisitor; availability: ChatAvailability }
  | { type: "message"; message: ChatMessage }
  /** The answer to a send: stored (with its seq), or stored but still being processed (seq null). */
  | { type: "sent"; clientMessageId: string; conversationId: string | null; seq: number | null }
  | { type: "send_failed"; clientMessageId: string; code: string; message: string }
  | { type: "typing"; conversationId: string; isTyping: boolean; name: string | null }
  | { type: "error"; code: string; message: string }
  | { type: "pong" };
