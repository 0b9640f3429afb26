import type { EscalationView } from "../../../common/views.js";
import type { EscalationDetails } from "./escalations.store.js";

export function presentEscalation(row: EscalationDetails): EscalationView {
  return {
    id: row.id,
    conversationId: row.conversationId,
    trigger: row.trigger,
    fromLevel: row.fromLevel,
    toLevel: row.toLevel,
    fromTeamId: row.fromTeamId,
    toTeamId: row.toTeamId,
    reason: row.reason,
    noteId: row.noteId,
    escalatedBy: row.escalatedByAgentId ? { id: row.escalatedByAgentId, name: row.escalatedByName ?? "" } : null,
    createdAt: row.createdAt.toISOString(),
  };
}
