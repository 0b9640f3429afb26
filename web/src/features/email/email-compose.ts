import type { AttachmentView, EmailAddressView, MessageView } from "../../../../common/views";
import { SENDING_PREFIX } from "../conversation/conversation-cache";

export type EmailComposeMode = "reply" | "reply_all" | "forward";
export const emailComposeModes: EmailComposeMode[] = ["reply", "reply_all", "forward"];

export type Recipients = { to: EmailAddressView[]; cc: EmailAddressView[]; bcc: EmailAddressView[] };

export type EmailSendInput = {
  mode: EmailComposeMode;
  /** The mail answered or forwarded; null: the conversation's newest received mail. */
  messageId: string | null;
  recipients: Recipients;
  subject: string | null;
  text: string;
  attachments: AttachmentView[];
  status?: string;
};

/** The body of POST /email/reply or /email/forward. */
export function emailRequest(input: EmailSendInput): { path: "reply" | "forward"; body: Record<string, unknown> } {
  const attachmentIds = input.attachments.map((attachment) => attachment.id);
  const { to, cc, bcc } = input.recipients;
  if (input.mode === "forward") {
    return { path: "forward", body: { messageId: input.messageId, to, cc, bcc, text: input.text, attachmentIds, includeAttachments: true } };
  }
  return {
    path: "reply",
    body: {
      mode: input.mode,
      text: input.text,
      attachmentIds,
      to,
      cc,
      bcc,
      ...(input.messageId ? { replyToMessageId: input.messageId } : {}),
      ...(input.status ? { status: input.status } : {}),
    },
  };
}

/** Whether the form can be sent: a reply needs content and someone to go to, a forward a mail and a recipient in To. */
export function canSendEmail(input: { mode: EmailComposeMode; messageId: string | null; recipients: Recipients; hasContent: boolean }): boolean {
  if (input.mode === "forward") return input.messageId !== null && input.recipients.to.length > 0;
  const { to, cc, bcc } = input.recipients;
  return input.hasContent && to.length + cc.length + bcc.length > 0;
}

/** Mails of the conversation that can be answered or forwarded, oldest first. */
export function emailMessages(messages: MessageView[]): MessageView[] {
  return messages.filter((message) => message.email !== null && !message.isNote && !message.id.startsWith(SENDING_PREFIX));
}

/** What forward picks when the agent has not chosen: the newest received mail, else the newest mail. */
export function defaultForwardMessageId(messages: MessageView[]): string | null {
  const mails = emailMessages(messages);
  const received = mails.filter((message) => message.direction === "in");
  return (received[received.length - 1] ?? mails[mails.length - 1])?.id ?? null;
}

/** The thread's copy of a mail while it is being sent; the server's answer replaces it. */
export function sendingEmailMessage(
  input: EmailSendInput,
  context: { temporaryId: string; conversationId: string; author: { id: string; name: string }; from: EmailAddressView | null; now: Date },
): MessageView {
  return {
    id: context.temporaryId,
    conversationId: context.conversationId,
    direction: "out",
    authorType: "agent",
    author: context.author,
    isNote: false,
    text: input.text,
    html: null,
    externalId: null,
    deliveryStatus: "pending",
    deliveryError: null,
    attachments: input.attachments,
    createdAt: context.now.toISOString(),
    email: {
      messageId: null,
      kind: input.mode,
      subject: input.subject ?? "",
      from: context.from,
      to: input.recipients.to,
      cc: input.recipients.cc,
      bcc: input.recipients.bcc,
      replyTo: [],
      sentAt: null,
      inReplyTo: null,
      body: { text: input.text, signature: null, quotedText: null, html: null, signatureHtml: null, quotedHtml: null },
      hasRemoteImages: false,
      remoteImagesAllowed: false,
      rawUrl: null,
      parseError: null,
      automation: null,
      isRateLimited: false,
      bounce: null,
    },
  };
}
