import { z } from "zod";
import { assignmentStrategies } from "../../../common/routing.js";

export const TeamIdParams = z.object({ id: z.uuid() });
export const OfferIdParams = z.object({ id: z.uuid() });
export const ConversationIdParams = z.object({ id: z.uuid() });

export const TeamAssignmentBody = z.object({
  strategy: z.enum(assignmentStrategies),
  offerTimeoutSeconds: z.number().int().min(5).max(600).default(30),
});

export const QueueQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export const PresenceBody = z.object({ presence: z.enum(["online", "away"]).describe("offline follows from closing the app") });
