import { z } from "zod";
import { limits } from "../../../common/limits.js";
import { EmailAddressView } from "../../../common/views.js";

const Recipient = z.object({
  address: z.email().max(254).transform((value) => value.toLowerCase()),
  name: z.string().trim().max(200).nullable().default(null),
});
const recipients = z.array(Recipient).max(50);

const hasContent = (body: { text: string; html: string | null; attachmentIds: string[] }) =>
  body.text.trim().length > 0 || (body.html ?? "").trim().length > 0 || body.attachmentIds.length > 0;

export const EmailReplyBody = z
  .object({
    mode: z.enum(["reply", "reply_all"]).default("reply").describe("reply: to the customer; reply_all: Cc the other recipients of the answered mail too"),
    text: z.string().max(limits.messageTextLength).default(""),
    html: z.string().max(limits.messageHtmlLength).nullable().default(null),
    attachmentIds: z.array(z.uuid()).max(limits.attachmentsPerMessage).default([]),
    status: z.string().trim().min(1).max(50).optional().describe("Set the conversation's status in the same step"),
    replyToMessageId: z.uuid().optional().describe("The received mail to answer; by default the conversation's newest"),
    to: recipients.optional().describe("Replaces the planned To"),
    cc: recipients.optional().describe("Replaces the planned Cc"),
    bcc: recipients.optional(),
  })
  .refine(hasContent, { message: "needs text, html or an attachment", path: ["text"] });
export type EmailReplyInput = z.infer<typeof EmailReplyBody>;

export const EmailForwardBody = z.object({
  messageId: z.uuid().describe("The message of this conversation to forward"),
  to: recipients.min(1),
  cc: recipients.default([]),
  bcc: recipients.default([]),
  text: z.string().max(limits.messageTextLength).default("").describe("The agent's note above the forwarded mail"),
  html: z.string().max(limits.messageHtmlLength).nullable().default(null),
  includeAttachments: z.boolean().default(true),
  attachmentIds: z.array(z.uuid()).max(limits.attachmentsPerMessage).default([]),
});
export type EmailForwardInput = z.infer<typeof EmailForwardBody>;

export const EmailDraftQuery = z.object({
  mode: z.enum(["reply", "reply_all", "forward"]).default("reply"),
  messageId: z.uuid().optional().describe("The mail to answer or forward; by default the conversation's newest received mail"),
});

export const EmailDraftView = z
  .object({
    to: z.array(EmailAddressView),
    cc: z.array(EmailAddressView),
    subject: z.string(),
    inReplyTo: z.string().nullable(),
    from: EmailAddressView.nullable().describe("The channel's address replies are sent from"),
    participants: z.array(EmailAddressView).describe("Everyone taking part besides the customer (kept on reply-all, their mail threads in)"),
  })
  .meta({ id: "EmailDraft" });
export type EmailDraftView = z.infer<typeof EmailDraftView>;

export const MailboxStatusView = z
  .object({
    channelId: z.uuid(),
    imap: z
      .object({
        holder: z.string().nullable().describe("The Caredesk process polling this mailbox"),
        leaseExpiresAt: z.string().nullable(),
        folders: z.array(
          z.object({
            folder: z.string(),
            uidValidity: z.string().nullable(),
            lastUid: z.number().int(),
            lastPolledAt: z.string().nullable(),
            lastError: z.string().nullable(),
            lastErrorAt: z.string().nullable(),
          }),
        ),
      })
      .nullable(),
    inboundSmtp: z.boolean(),
    smtpListenerEnabled: z.boolean().describe("Whether this installation runs the SMTP listener (EMAIL_SMTP_PORT)"),
  })
  .meta({ id: "MailboxStatus" });
export type MailboxStatusView = z.infer<typeof MailboxStatusView>;
