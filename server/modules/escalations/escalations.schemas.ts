import { z } from "zod";

const reason = z.string().trim().min(1).max(2000).describe("why; kept as an internal note on the conversation");

export const EscalateConversationBody = z.discriminatedUnion("to", [
  z.object({ to: z.literal("next_level"), reason, teamId: z.uuid().optional().describe("also hand over to this team") }),
  z.object({ to: z.literal("team"), reason, teamId: z.uuid() }),
]);
export type EscalateConversationInput = z.infer<typeof EscalateConversationBody>;

export const EscalationConversationParams = z.object({ id: z.uuid() });
