import { z } from "zod";
import { defineJob } from "../../../platform/jobs/jobs.js";

/** Fires when an offer's accept time is up: the conversation moves on to the next agent. */
export const expireOfferJob = defineJob({
  name: "expire-assignment-offer",
  payload: z.object({ offerId: z.uuid() }),
  retryLimit: 5,
  retryDelaySeconds: 2,
  retryBackoff: true,
  concurrency: 10,
});
