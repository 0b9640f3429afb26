import type { SlaState } from "../../../common/domain.js";
import type { ConversationSlaView, SlaPolicyView, SlaTargetView } from "../../../common/views.js";
import type { ConversationSlaRow, SlaPolicyRow } from "../../platform/db/rows.js";

export function presentSlaPolicy(row: SlaPolicyRow): SlaPolicyView {
  return {
    id: row.id,
    name: row.name,
    channelType: row.channelType,
    priority: row.priority,
    firstResponseSeconds: row.firstResponseSeconds,
    nextResponseSeconds: row.nextResponseSeconds,
    resolutionSeconds: row.resolutionSeconds,
    measure: row.measure,
    businessHoursId: row.businessHoursId,
    warningPercent: row.warningPercent,
    autoEscalation: row.autoEscalation,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const severity: Record<SlaState, number> = { ok: 0, warning: 1, breached: 2 };

/** A conversation's clocks as the API shows them; null when no policy applies. */
export function presentConversationSla(row: ConversationSlaRow | null): ConversationSlaView | null {
  if (!row || (!row.firstResponseState && !row.nextResponseState && !row.resolutionState)) return null;
  const target = (dueAt: Date | null, state: SlaState | null, completedAt: Date | null): SlaTargetView | null =>
    state ? { dueAt: dueAt?.toISOString() ?? null, state, completedAt: completedAt?.toISOString() ?? null } : null;
  const firstResponse = target(row.firstResponseDueAt, row.firstResponseState, row.firstResponseAt);
  const nextResponse = target(row.nextResponseDueAt, row.nextResponseState, null);
  const resolution = target(row.resolutionDueAt, row.resolutionState, row.resolvedAt);
  const running = [firstResponse, nextResponse, resolution].filter((item): item is SlaTargetView => item !== null && item.completedAt === null);
  const state = running.reduce<SlaState>((worst, item) => (severity[item.state] > severity[worst] ? item.state : worst), "ok");
  return { policyId: row.policyId, isPaused: row.isPaused, firstResponse, nextResponse, resolution, nextDueAt: row.nextDueAt?.toISOString() ?? null, state };
}
