import { z } from "zod";
import { defineJob } from "../../../platform/jobs/jobs.js";

/** Sends an agent's reply through its channel; retried with backoff for about two hours. */
export const deliverMessageJob = defineJob({
  name: "deliver-message",
  payload: z.object({ accountId: z.uuid(), messageId: z.uuid() }),
  retryLimit: 8,
  retryDelaySeconds: 15,
  retryBackoff: true,
  concurrency: 10,
});
