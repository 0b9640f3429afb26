import { z } from "zod";
import { limits } from "../../../common/limits.js";

export const SendMessageBody = z
  .object({
    text: z.string().max(limits.messageTextLength).default(""),
    html: z.string().max(limits.messageHtmlLength).nullable().default(null),
    isNote: z.boolean().default(false),
    attachmentIds: z.array(z.uuid()).max(limits.attachmentsPerMessage).default([]),
    /** Set the conversation's status in the same step ("reply and solve"). */
    status: z.string().trim().min(1).max(50).optional(),
  })
  .refine((body) => body.text.trim().length > 0 || (body.html ?? "").trim().length > 0 || body.attachmentIds.length > 0, {
    message: "needs text, html or an attachment",
    path: ["text"],
  });
export type SendMessageInput = z.infer<typeof SendMessageBody>;

export const ListMessagesQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(limits.pageSizeMax).default(50),
});

export type ListMessagesInput = z.infer<typeof ListMessagesQuery>;

export const MessageIdParams = z.object({ id: z.uuid() });
