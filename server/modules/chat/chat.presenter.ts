import { createHmac } from "node:crypto";
import type { ChatConversation, ChatMessage, ChatVisitor } from "../../../common/chat.js";
import type { ChatEntryRow, ChatVisitorRow, ConversationRow } from "../../platform/db/rows.js";
import type { MessageDetails } from "../messages/messages.store.js";

/**
 * A visitor's view of a message. Attachment links are signed for this visitor (keyed with
 * the hash of their token, which never leaves the server), so an <img> can load them.
 */
export function presentChatMessage(entry: ChatEntryRow, message: MessageDetails, visitor: ChatVisitorRow): ChatMessage {
  return {
    id: message.id,
    conversationId: entry.conversationId,
    seq: entry.seq,
    clientMessageId: entry.clientMessageId,
    direction: message.direction,
    authorType: message.authorType,
    // Agents appear by first name only; the visitor's own name is not repeated back.
    authorName: message.authorType === "agent" && message.authorName ? (message.authorName.trim().split(/\s+/)[0] ?? null) : null,
    text: message.text,
    attachments: message.attachments.map((attachment) => ({
      id: attachment.id,
      fileName: attachment.fileName,
      contentType: attachment.contentType,
      byteSize: attachment.byteSize,
      url: `/api/widget/attachments/${attachment.id}?visitorId=${visitor.id}&signature=${attachmentSignature(visitor, attachment.id)}`,
    })),
    createdAt: message.createdAt.toISOString(),
  };
}

export function attachmentSignature(visitor: Pick<ChatVisitorRow, "tokenHash">, attachmentId: string): string {
  return createHmac("sha256", visitor.tokenHash).update(`attachment:${attachmentId}`).digest("base64url");
}

export function presentChatConversation(conversation: ConversationRow, messages: ChatMessage[]): ChatConversation {
  const status = conversation.statusKind === "closed" ? "closed" : conversation.statusKind === "solved" ? "solved" : "active";
  return { id: conversation.id, status, messages };
}

export function presentChatVisitor(visitor: ChatVisitorRow): ChatVisitor {
  return { id: visitor.id, name: visitor.name, email: visitor.email, isVerified: visitor.verifiedUserId !== null };
}
