import type { AssignmentDecisionView, AssignmentOfferView, RoutingRuleView } from "../../../common/routing.js";
import type { ConversationView } from "../../../common/views.js";
import type { AssignmentDecisionRow, AssignmentOfferRow, RoutingRuleRow } from "../../platform/db/rows.js";

export function presentRoutingRule(rule: RoutingRuleRow): RoutingRuleView {
  return {
    id: rule.id,
    name: rule.name,
    position: rule.position,
    isEnabled: rule.isEnabled,
    conditions: rule.conditions,
    actions: rule.actions,
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
  };
}

export function presentOffer(offer: AssignmentOfferRow, conversation: ConversationView): AssignmentOfferView {
  return {
    id: offer.id,
    conversation,
    agentId: offer.agentId,
    teamId: offer.teamId,
    status: offer.status,
    explanation: offer.explanation,
    expiresAt: offer.expiresAt.toISOString(),
    respondedAt: offer.respondedAt?.toISOString() ?? null,
    createdAt: offer.createdAt.toISOString(),
  };
}

export function presentDecision(decision: AssignmentDecisionRow): AssignmentDecisionView {
  return {
    id: decision.id,
    conversationId: decision.conversationId,
    teamId: decision.teamId,
    agentId: decision.agentId,
    outcome: decision.outcome,
    explanation: decision.explanation,
    createdAt: decision.createdAt.toISOString(),
  };
}
