import { z } from "zod";
import type { ChatAvailability, ChatConversation, ChatMessage, ChatSession, ChatVisitor, ChatWidgetConfig } from "../../../common/chat.js";
import { limits } from "../../../common/limits.js";
import { SignedIdentity } from "./identity-verification.js";

const ChatAvailabilityView = z.object({ isOpen: z.boolean(), isAgentOnline: z.boolean(), shouldAskForEmail: z.boolean() }) satisfies z.ZodType<ChatAvailability>;

export const ChatWidgetConfigView = z
  .object({
    channelId: z.uuid(),
    name: z.string(),
    colors: z.object({ primary: z.string(), onPrimary: z.string() }),
    greeting: z.object({ en: z.string(), de: z.string() }),
    isIdentityRequired: z.boolean(),
    availability: ChatAvailabilityView,
    limits: z.object({ messageTextLength: z.number().int(), attachmentBytes: z.number().int() }),
  })
  .meta({ id: "ChatWidgetConfig" }) satisfies z.ZodType<ChatWidgetConfig>;

export const ChatMessageView = z
  .object({
    id: z.uuid(),
    conversationId: z.uuid(),
    seq: z.number().int(),
    clientMessageId: z.string().nullable(),
    direction: z.enum(["in", "out"]),
    authorType: z.enum(["customer", "agent", "bot", "system"]),
    authorName: z.string().nullable(),
    text: z.string(),
    attachments: z.array(z.object({ id: z.uuid(), fileName: z.string(), contentType: z.string(), byteSize: z.number().int(), url: z.string() })),
    createdAt: z.string(),
  })
  .meta({ id: "ChatMessage" }) satisfies z.ZodType<ChatMessage>;

export const ChatConversationView = z
  .object({ id: z.uuid(), status: z.enum(["active", "solved", "closed"]), messages: z.array(ChatMessageView) })
  .meta({ id: "ChatConversation" }) satisfies z.ZodType<ChatConversation>;

const ChatVisitorView = z.object({ id: z.uuid(), name: z.string().nullable(), email: z.string().nullable(), isVerified: z.boolean() }) satisfies z.ZodType<ChatVisitor>;

export const ChatSessionView = z
  .object({
    visitor: ChatVisitorView,
    visitorToken: z.string().nullable().describe("Only when a new session was created: keep it to come back"),
    conversations: z.array(ChatConversationView),
    availability: ChatAvailabilityView,
  })
  .meta({ id: "ChatSession" }) satisfies z.ZodType<ChatSession>;

export const WidgetConfigQuery = z.object({ channelId: z.uuid() });

export const StartSessionBody = z.object({
  channelId: z.uuid(),
  visitorToken: z.string().min(1).max(200).optional().describe("The token of an earlier session, to resume it"),
  identity: SignedIdentity.optional().describe("The site's signed user (HMAC form or HS256 JWT), see docs/chat-channel.md"),
  locale: z.string().trim().min(2).max(35).optional(),
});

export const clientMessageId = z.string().trim().min(1).max(100).describe("The widget's own id of this message: sending it again answers with the first result");

export const SendMessageBody = z.object({ clientMessageId, text: z.string().max(limits.messageTextLength) });

export const SendResultView = z.object({ conversationId: z.uuid().nullable(), seq: z.number().int().nullable(), message: ChatMessageView.nullable() });

export const TypingBody = z.object({ isTyping: z.boolean() });

export const EmailBody = z.object({ email: z.email().max(254) });

export const AttachmentParams = z.object({ id: z.uuid() });
/** Both come from the signed link; without them the attachment is simply not found. */
export const AttachmentQuery = z.object({ visitorId: z.uuid().optional(), signature: z.string().min(1).max(100).optional() });
