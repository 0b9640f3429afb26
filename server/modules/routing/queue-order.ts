import { type SQL, sql } from "drizzle-orm";
import { conversations } from "../conversations/conversations.table.js";

/**
 * The order in which a team's queue is worked: the one place that decides who waits
 * least. Today: higher priority first, then the longest waiting. When SLA due times
 * exist, put the earliest due first here and every queue (views, draining, the board)
 * follows.
 */
export function queueOrder(): SQL {
  return sql`${conversations.priorityRank} desc, ${conversations.queuedAt} asc, ${conversations.id} asc`;
}
