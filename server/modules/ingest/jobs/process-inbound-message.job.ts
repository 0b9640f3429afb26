import { z } from "zod";
import { defineJob } from "../../../platform/jobs/jobs.js";

/** Processes a stored inbound message again after its first processing failed. */
export const processInboundMessageJob = defineJob({
  name: "process-inbound-message",
  payload: z.object({ inboundMessageId: z.uuid() }),
  retryLimit: 10,
  retryDelaySeconds: 10,
  retryBackoff: true,
});
