import { z } from "zod";
import { searchText } from "../../platform/http/query-params.js";
import { categories, priorities, statusKinds } from "../../../common/domain.js";
import { limits } from "../../../common/limits.js";

const level = z.union([z.literal(1), z.literal(2), z.literal(3)]);
const tag = z.string().trim().min(1).max(limits.tagLength);
/** Repeated query parameters (`?statusKind=new&statusKind=open`) or a comma-separated list. */
const listOf = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (typeof value === "string" ? value.split(",").filter(Boolean) : value), z.array(item).max(20));

export const inboxSorts = ["last_activity_desc", "last_activity_asc", "created_desc", "created_asc", "priority_desc", "sla_due_asc"] as const;
export type InboxSort = (typeof inboxSorts)[number];

export const ListConversationsQuery = z.object({
  statusKind: listOf(z.enum(statusKinds)).optional(),
  status: z.string().trim().min(1).max(50).optional(),
  assignee: z.union([z.enum(["me", "unassigned"]), z.uuid()]).optional(),
  teamId: z.uuid().optional(),
  channelId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  priority: listOf(z.enum(priorities)).optional(),
  level: listOf(z.coerce.number().pipe(level)).optional(),
  tag: tag.optional(),
  query: searchText,
  sort: z.enum(inboxSorts).default("last_activity_desc"),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(limits.pageSizeMax).default(limits.pageSizeDefault),
});
export type ListConversationsInput = z.infer<typeof ListConversationsQuery>;

export const ConversationIdParams = z.object({ id: z.uuid() });

export const UpdateConversationBody = z
  .object({
    subject: z.string().trim().max(limits.subjectLength),
    status: z.string().trim().min(1).max(50),
    priority: z.enum(priorities),
    assigneeId: z.uuid().nullable(),
    teamId: z.uuid().nullable(),
    level,
    tags: z.array(tag).max(limits.tagsPerConversation),
    topic: z.string().trim().min(1).max(100).nullable(),
    category: z.enum(categories).nullable(),
    language: z.string().trim().min(2).max(35).nullable(),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: "must change at least one field" });
export type UpdateConversationInput = z.infer<typeof UpdateConversationBody>;

export const CreateConversationBody = z.object({
  channelId: z.uuid(),
  customerId: z.uuid(),
  subject: z.string().trim().max(limits.subjectLength).default(""),
  text: z.string().trim().min(1).max(limits.messageTextLength),
  priority: z.enum(priorities).default("normal"),
  teamId: z.uuid().nullable().default(null),
  assigneeId: z.uuid().nullable().optional(),
});
export type CreateConversationInput = z.infer<typeof CreateConversationBody>;

export const CreateStatusBody = z.object({
  key: z.string().trim().regex(/^[a-z][a-z0-9_]{1,39}$/, "must be 2 to 40 lower-case letters, digits or underscores"),
  name: z.string().trim().min(1).max(60),
  kind: z.enum(statusKinds),
  position: z.number().int().min(0).max(10_000).default(100),
});
export const UpdateStatusBody = z.object({ name: z.string().trim().min(1).max(60), position: z.number().int().min(0).max(10_000) }).partial();
export const StatusIdParams = z.object({ id: z.uuid() });
