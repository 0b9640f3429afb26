import { z } from "zod";
import { limits } from "../../../common/limits.js";

/** The body a sender posts to an API channel: POST /api/channels/{id}/messages. */
export const ApiInboundBody = z
  .object({
    externalId: z.string().trim().min(1).max(200).describe("The sender's id for this message; sending the same id again is answered with the first result"),
    customer: z
      .object({
        identifier: z.string().trim().min(1).max(200).optional().describe("The sender's own id for the customer"),
        email: z.email().max(254).optional(),
        phone: z.string().trim().regex(/^\+?[\d\s().-]{4,32}$/, "is not a valid phone number").optional(),
        name: z.string().trim().max(200).optional(),
        language: z.string().trim().min(2).max(35).optional(),
      })
      .refine((customer) => customer.identifier || customer.email || customer.phone, { message: "needs an identifier, email or phone" }),
    subject: z.string().trim().max(limits.subjectLength).optional(),
    text: z.string().max(limits.messageTextLength).default(""),
    html: z.string().max(limits.messageHtmlLength).optional(),
    attachments: z
      .array(
        z.object({
          fileName: z.string().trim().min(1).max(255),
          contentBase64: z.base64().describe("The file's bytes, base64-encoded"),
        }),
      )
      .max(limits.attachmentsPerMessage)
      .default([]),
    sentAt: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((body) => body.text.trim() || body.html?.trim() || body.attachments.length > 0, { message: "needs text, html or an attachment", path: ["text"] });
export type ApiInboundBody = z.infer<typeof ApiInboundBody>;

export const ApiInboundResult = z.object({
  inboundMessageId: z.uuid(),
  status: z.enum(["processed", "failed", "received"]).describe("`failed`: stored, processing failed, it is retried automatically"),
  conversationId: z.uuid().nullable(),
  conversationNumber: z.number().int().nullable(),
  messageId: z.uuid().nullable(),
});
export type ApiInboundResult = z.infer<typeof ApiInboundResult>;
