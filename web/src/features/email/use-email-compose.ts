import { useEffect, useMemo, useRef, useState } from "react";
import type { AttachmentView, ConversationView, EmailAddressView } from "../../../../common/views";
import { useMessages } from "../conversation/conversation.api";
import { useComposeRequest } from "./compose-requests";
import { canSendEmail, defaultForwardMessageId, emailMessages, type EmailComposeMode, type Recipients } from "./email-compose";
import { useEmailDraft, useSendEmail } from "./email.api";

type RecipientField = keyof Recipients;

/**
 * The state of the email form under the composer: reply, reply-all or forward, the mail
 * answered or forwarded, and the recipients. The server's plan prefills them; what the agent
 * edits is kept per mode and mail, so switching between reply and reply-all loses nothing.
 */
export function useEmailCompose(conversation: ConversationView, author: { id: string; name: string }, options: { isEnabled: boolean; onRequested: () => void }) {
  const [mode, setMode] = useState<EmailComposeMode>("reply");
  const [chosenMessageId, setChosenMessageId] = useState<string | null>(null);
  const [edits, setEdits] = useState<Record<string, Recipients>>({});
  const [isBccShown, setBccShown] = useState(false);
  const messages = useMessages(conversation.id);
  const mails = useMemo(() => emailMessages(messages.data ? [...messages.data.pages].reverse().flatMap((page) => page.data) : []), [messages.data]);
  const messageId = chosenMessageId ?? (mode === "forward" ? defaultForwardMessageId(mails) : null);
  const draft = useEmailDraft(conversation.id, mode, messageId, options.isEnabled);
  const send = useSendEmail(conversation, author, draft.data?.from ?? null);

  // A message in the thread asked for "reply all" or "forward" of itself.
  const request = useComposeRequest(conversation.id);
  const handledRequest = useRef<number | null>(request?.sequence ?? null);
  const onRequested = useRef(options.onRequested);
  onRequested.current = options.onRequested;
  useEffect(() => {
    if (!request || request.sequence === handledRequest.current) return;
    handledRequest.current = request.sequence;
    setMode(request.mode);
    setChosenMessageId(request.messageId);
    onRequested.current();
  }, [request]);

  const key = `${mode}:${messageId ?? ""}`;
  const recipients: Recipients = edits[key] ?? { to: draft.data?.to ?? [], cc: draft.data?.cc ?? [], bcc: [] };
  const isLoading = !edits[key] && draft.isPending && draft.fetchStatus !== "idle";

  return {
    mode,
    setMode: (next: EmailComposeMode) => setMode(next),
    messageId,
    setMessageId: (next: string | null) => setChosenMessageId(next),
    mails,
    draft,
    recipients,
    isLoading,
    isBccShown: isBccShown || recipients.bcc.length > 0,
    showBcc: () => setBccShown(true),
    setRecipients: (field: RecipientField, people: EmailAddressView[]) => setEdits((current) => ({ ...current, [key]: { ...recipients, [field]: people } })),
    canSend: (hasContent: boolean) => !isLoading && canSendEmail({ mode, messageId, recipients, hasContent }),
    isForward: mode === "forward",
    send: (input: { text: string; attachments: AttachmentView[]; status?: string }, callbacks: { onError: (error: Error) => void; onSuccess: () => void }) => {
      send.mutate({ mode, messageId, recipients, subject: draft.data?.subject ?? null, ...input }, callbacks);
    },
    /** After sending: the next mail starts again from the server's plan. */
    reset: () => {
      setEdits({});
      setChosenMessageId(null);
      setMode("reply");
      setBccShown(false);
    },
  };
}

export type EmailCompose = ReturnType<typeof useEmailCompose>;
