import { z } from "zod";
import { defineJob } from "../../../platform/jobs/jobs.js";

/** Works a team's queue again shortly: a drain skipped an agent that another decision held. */
export const drainTeamQueueJob = defineJob({
  name: "drain-team-queue",
  payload: z.object({ accountId: z.uuid(), teamId: z.uuid() }),
  retryLimit: 5,
  retryDelaySeconds: 2,
  retryBackoff: true,
  concurrency: 5,
});
