import type { TFunction } from "i18next";
import type { AssignmentExplanation } from "../../../../common/routing";

/** An assignment decision's reasons in the agent's language ("level 2, speaks de, 3 of 5 open conversations"). */
export function explanationText(t: TFunction, explanation: AssignmentExplanation): string {
  const parts = [t(`routing.reason.${explanation.reason}`)];
  if (explanation.agent) parts.push(t("routing.explain.level", { level: explanation.agent.level }));
  if (explanation.language) parts.push(t("routing.explain.speaks", { language: explanation.language.toUpperCase() }));
  if (explanation.skills.length > 0) parts.push(t("routing.explain.skills", { skills: explanation.skills.join(", ") }));
  if (explanation.openConversations !== null) parts.push(t("routing.explain.open", { count: explanation.openConversations, max: explanation.maxOpenConversations }));
  if (explanation.isRealTime && explanation.chats !== null) parts.push(t("routing.explain.chats", { count: explanation.chats, max: explanation.maxChats }));
  return parts.join(", ");
}
