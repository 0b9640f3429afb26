import type { ConversationView, StatusView } from "../../../common/views.js";
import type { StatusRow } from "../../platform/db/rows.js";
import { presentConversationSla } from "../sla/sla.presenter.js";
import type { ConversationDetails } from "./conversations.store.js";

export function presentConversation(conversation: ConversationDetails): ConversationView {
  return {
    id: conversation.id,
    number: conversation.number,
    subject: conversation.subject,
    channel: { id: conversation.channelId, type: conversation.channelType, name: conversation.channelName },
    customer: { id: conversation.customerId, name: conversation.customerName },
    status: conversation.status,
    statusKind: conversation.statusKind,
    priority: conversation.priority,
    assignee: conversation.assigneeId ? { id: conversation.assigneeId, name: conversation.assigneeName ?? "" } : null,
    teamId: conversation.teamId,
    level: conversation.level,
    tags: conversation.tags,
    topic: conversation.topic,
    category: conversation.category,
    language: conversation.language,
    preview: conversation.preview,
    messageCount: conversation.messageCount,
    createdAt: conversation.createdAt.toISOString(),
    updatedAt: conversation.updatedAt.toISOString(),
    firstResponseAt: conversation.firstResponseAt?.toISOString() ?? null,
    solvedAt: conversation.solvedAt?.toISOString() ?? null,
    lastActivityAt: conversation.lastActivityAt.toISOString(),
    ...(conversation.sla === undefined ? {} : { sla: presentConversationSla(conversation.sla) }),
  };
}

export function presentStatus(status: StatusRow): StatusView {
  return { id: status.id, key: status.key, name: status.name, kind: status.kind, position: status.position, isBuiltIn: status.isBuiltIn };
}
