import { and, asc, eq } from "drizzle-orm";
import type { EscalationTrigger } from "../../../common/domain.js";
import type { Executor } from "../../platform/db/database.js";
import type { EscalationRow } from "../../platform/db/rows.js";
import { agents } from "../agents/agents.table.js";
import { conversationEscalations } from "./escalations.table.js";

export type EscalationDetails = EscalationRow & { escalatedByName: string | null };

export async function insert(executor: Executor, values: typeof conversationEscalations.$inferInsert): Promise<EscalationRow> {
  const [row] = await executor.insert(conversationEscalations).values(values).returning();
  return row!;
}

export async function listForConversation(executor: Executor, accountId: string, conversationId: string): Promise<EscalationDetails[]> {
  const rows = await executor
    .select({ escalation: conversationEscalations, escalatedByName: agents.name })
    .from(conversationEscalations)
    .leftJoin(agents, eq(agents.id, conversationEscalations.escalatedByAgentId))
    .where(and(eq(conversationEscalations.accountId, accountId), eq(conversationEscalations.conversationId, conversationId)))
    .orderBy(asc(conversationEscalations.createdAt), asc(conversationEscalations.id));
  return rows.map((row) => ({ ...row.escalation, escalatedByName: row.escalatedByName }));
}

/** Whether the conversation was already escalated automatically for this reason (each fires once). */
export async function hasTrigger(executor: Executor, accountId: string, conversationId: string, trigger: EscalationTrigger): Promise<boolean> {
  const [row] = await executor
    .select({ id: conversationEscalations.id })
    .from(conversationEscalations)
    .where(and(eq(conversationEscalations.accountId, accountId), eq(conversationEscalations.conversationId, conversationId), eq(conversationEscalations.trigger, trigger)))
    .limit(1);
  return row !== undefined;
}
