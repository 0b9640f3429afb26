import { z } from "zod";

export const TeamIdParams = z.object({ id: z.uuid() });

export const CreateTeamBody = z.object({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(500).default(""),
  memberIds: z.array(z.uuid()).max(1000).default([]),
});
export type CreateTeamInput = z.infer<typeof CreateTeamBody>;

export const UpdateTeamBody = z
  .object({ name: z.string().trim().min(1).max(100), description: z.string().trim().max(500), memberIds: z.array(z.uuid()).max(1000) })
  .partial();
export type UpdateTeamInput = z.infer<typeof UpdateTeamBody>;
