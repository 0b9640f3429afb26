import { z } from "zod";
import { limits } from "../../../common/limits.js";
import { locales, roles } from "../../../common/domain.js";

const level = z.union([z.literal(1), z.literal(2), z.literal(3)]);
const shortList = z.array(z.string().trim().min(1).max(50)).max(50);

export const AgentIdParams = z.object({ id: z.uuid() });

export const CreateAgentBody = z.object({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(200),
  role: z.enum(roles),
  level: level.default(1),
  skills: shortList.default([]),
  languages: shortList.default([]),
  locale: z.enum(locales).default("en"),
  password: z.string().min(limits.passwordMinLength).max(200),
  teamIds: z.array(z.uuid()).max(100).default([]),
  maxChats: z.number().int().min(0).max(100).optional(),
  maxOpenConversations: z.number().int().min(0).max(10_000).optional(),
});
export type CreateAgentInput = z.infer<typeof CreateAgentBody>;

export const UpdateAgentBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    role: z.enum(roles),
    level,
    skills: shortList,
    languages: shortList,
    locale: z.enum(locales),
    teamIds: z.array(z.uuid()).max(100),
    isActive: z.boolean(),
    maxChats: z.number().int().min(0).max(100),
    maxOpenConversations: z.number().int().min(0).max(10_000),
  })
  .partial();
export type UpdateAgentInput = z.infer<typeof UpdateAgentBody>;
