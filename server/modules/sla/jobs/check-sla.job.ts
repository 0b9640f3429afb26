import { z } from "zod";
import { defineJob } from "../../../platform/jobs/jobs.js";

/**
 * Wakes a conversation's SLA clocks at the instant a warning or breach is due. Idempotent:
 * it recomputes the clocks from the database and records only thresholds not yet recorded,
 * so a stale job (the due time moved) or a duplicate does nothing.
 */
export const checkSlaJob = defineJob({
  name: "check-sla",
  payload: z.object({ accountId: z.uuid(), conversationId: z.uuid() }),
  retryLimit: 10,
  retryDelaySeconds: 5,
  retryBackoff: true,
  concurrency: 10,
});

/** Recomputes every active clock of an account after its policies or business hours changed. */
export const recomputeAccountSlasJob = defineJob({
  name: "recompute-account-slas",
  payload: z.object({ accountId: z.uuid() }),
  retryLimit: 5,
  retryDelaySeconds: 10,
  retryBackoff: true,
  concurrency: 1,
});
