import { z } from "zod";
import { RoutingRuleActions, RoutingRuleConditions } from "../../../common/routing.js";

export const RoutingRuleIdParams = z.object({ id: z.uuid() });

export const CreateRoutingRuleBody = z.object({
  name: z.string().trim().min(1).max(200),
  isEnabled: z.boolean().default(true),
  conditions: RoutingRuleConditions.default(RoutingRuleConditions.parse({})),
  actions: RoutingRuleActions,
  position: z.number().int().min(0).max(10_000).optional().describe("where to insert; at the end if left out"),
});
export type CreateRoutingRuleInput = z.infer<typeof CreateRoutingRuleBody>;

export const UpdateRoutingRuleBody = z
  .object({ name: z.string().trim().min(1).max(200), isEnabled: z.boolean(), conditions: RoutingRuleConditions, actions: RoutingRuleActions })
  .partial();
export type UpdateRoutingRuleInput = z.infer<typeof UpdateRoutingRuleBody>;

export const ReorderRoutingRulesBody = z.object({ ruleIds: z.array(z.uuid()).max(1000).describe("every rule of the account, in the new order") });
