import { type SQL, sql } from "drizzle-orm";
import { conversations } from "../conversations/conversations.table.js";
import { conversationSlas } from "../sla/sla.table.js";

/**
 * The order in which a team's queue is worked: the one place that decides who waits
 * least, so views, draining and the board agree. Higher priority first; within a
 * priority the earliest SLA due time (a conversation without a running clock after
 * those with one), then the longest waiting.
 */
export function queueOrder(): SQL {
  const nextDueAt = sql`(select ${conversationSlas.nextDueAt} from ${conversationSlas} where ${conversationSlas.conversationId} = ${conversations.id})`;
  return sql`${conversations.priorityRank} desc, ${nextDueAt} asc nulls last, ${conversations.queuedAt} asc, ${conversations.id} asc`;
}
