import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../../platform/db/database.js";
import { conversations } from "../conversations/conversations.table.js";
import { messages } from "../messages/messages.table.js";

/** Demo data only: marks seeded replies as sent. */
export async function markRepliesSent(executor: Executor, messageIds: string[]): Promise<void> {
  if (messageIds.length === 0) return;
  await executor.update(messages).set({ deliveryStatus: "sent", deliveryError: null, deliveredAt: new Date() }).where(inArray(messages.id, messageIds));
}

/**
 * Demo data only: moves a conversation and its messages into the past, the newest
 * message `hoursAgo`, earlier messages twelve minutes apart, so the inbox looks lived in.
 */
export async function backdateConversation(executor: Executor, accountId: string, conversationId: string, hoursAgo: number): Promise<void> {
  const end = sql`now() - make_interval(secs => ${Math.round(hoursAgo * 3600)})`;
  await executor.execute(sql`
    update ${messages} set created_at = ${end} - (make_interval(mins => 12) * ranked.position_from_end)
    from (
      select id, row_number() over (order by created_at desc, id desc) - 1 as position_from_end
      from ${messages} where conversation_id = ${conversationId}
    ) as ranked
    where ${messages.id} = ranked.id`);
  await executor
    .update(conversations)
    .set({
      createdAt: sql`(select min(created_at) from ${messages} where conversation_id = ${conversationId})`,
      lastActivityAt: sql`(select max(created_at) from ${messages} where conversation_id = ${conversationId})`,
      firstResponseAt: sql`(select min(created_at) from ${messages} where conversation_id = ${conversationId} and direction = 'out' and not is_note)`,
      solvedAt: sql`case when ${conversations.statusKind} in ('solved', 'closed') then (select max(created_at) from ${messages} where conversation_id = ${conversationId}) end`,
    })
    .where(and(eq(conversations.accountId, accountId), eq(conversations.id, conversationId)));
}
