import type { AttachmentView, MessageView } from "../../../common/views.js";
import type { AttachmentRow } from "../../platform/db/rows.js";
import { presentEmailDetails } from "../email/email.presenter.js";
import type { MessageDetails } from "./messages.store.js";

export function presentMessage(message: MessageDetails): MessageView {
  const authorId = message.authorAgentId ?? message.authorCustomerId;
  return {
    id: message.id,
    conversationId: message.conversationId,
    direction: message.direction,
    authorType: message.authorType,
    author: authorId ? { id: authorId, name: message.authorName ?? "" } : null,
    isNote: message.isNote,
    text: message.text,
    html: message.html,
    externalId: message.externalId,
    deliveryStatus: message.deliveryStatus,
    deliveryError: message.deliveryError,
    attachments: message.attachments.map(presentAttachment),
    email: message.email ? presentEmailDetails(message.email, message.attachments) : null,
    createdAt: message.createdAt.toISOString(),
  };
}

export function presentAttachment(attachment: AttachmentRow): AttachmentView {
  return {
    id: attachment.id,
    fileName: attachment.fileName,
    contentType: attachment.contentType,
    byteSize: attachment.byteSize,
    url: `/api/attachments/${attachment.id}`,
  };
}
