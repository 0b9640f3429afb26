import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { ConversationView, EmailAddressView, MessageView } from "../../../../common/views";
import { api, type Envelope } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { useStatuses } from "../../api/reference-data";
import { errorMessage } from "../../i18n/errors";
import { patchConversation, removeMessage, restoreSnapshot, scheduleInboxRefresh, SENDING_PREFIX, storeMessage, updateMessage } from "../conversation/conversation-cache";
import { emailRequest, type EmailComposeMode, type EmailSendInput, sendingEmailMessage } from "./email-compose";

/** GET /api/conversations/:id/email/draft */
export type EmailDraft = {
  to: EmailAddressView[];
  cc: EmailAddressView[];
  subject: string;
  inReplyTo: string | null;
  from: EmailAddressView | null;
  participants: EmailAddressView[];
};

/** Who a reply, reply-all or forward would go to, and its subject, as the server plans it. */
export function useEmailDraft(conversationId: string, mode: EmailComposeMode, messageId: string | null, isEnabled: boolean) {
  return useQuery({
    queryKey: queryKeys.emailDraft(conversationId, mode, messageId),
    queryFn: async ({ signal }) =>
      (await api.get<Envelope<EmailDraft>>(`/api/conversations/${conversationId}/email/draft`, { mode, messageId: messageId ?? undefined }, signal)).data,
    enabled: isEnabled && (mode !== "forward" || messageId !== null),
    staleTime: 60_000,
  });
}

let temporaryIds = 0;

/** Sends a reply, reply-all or forward by mail; it shows in the thread at once, with its recipients, marked as sending. */
export function useSendEmail(conversation: ConversationView, author: { id: string; name: string }, from: EmailAddressView | null) {
  const queryClient = useQueryClient();
  const statuses = useStatuses();
  return useMutation({
    mutationFn: async (input: EmailSendInput) => {
      const request = emailRequest(input);
      const message = (await api.post<Envelope<MessageView>>(`/api/conversations/${conversation.id}/email/${request.path}`, request.body)).data;
      // The forward route sets no status; the status chosen with it is a second step.
      if (request.path === "forward" && input.status) await api.patch(`/api/conversations/${conversation.id}`, { status: input.status });
      return message;
    },
    onMutate: (input) => {
      temporaryIds += 1;
      const temporaryId = `${SENDING_PREFIX}email-${temporaryIds}`;
      storeMessage(queryClient, sendingEmailMessage(input, { temporaryId, conversationId: conversation.id, author, from, now: new Date() }));
      const snapshot = input.status
        ? patchConversation(queryClient, conversation.id, {
            status: input.status,
            statusKind: statuses.data?.find((status) => status.key === input.status)?.kind ?? conversation.statusKind,
          })
        : null;
      return { temporaryId, snapshot };
    },
    onSuccess: (message, _input, context) => storeMessage(queryClient, message, { replaceId: context.temporaryId }),
    onError: (_error, _input, context) => {
      if (!context) return;
      removeMessage(queryClient, conversation.id, context.temporaryId);
      if (context.snapshot) restoreSnapshot(queryClient, context.snapshot);
    },
    onSettled: () => {
      scheduleInboxRefresh(queryClient);
      void queryClient.invalidateQueries({ queryKey: queryKeys.conversation(conversation.id) });
      // Whoever was written to now takes part: the next reply-all plans with them.
      void queryClient.invalidateQueries({ queryKey: queryKeys.emailDrafts(conversation.id) });
    },
  });
}

/** Shows a mail's remote images from now on (for everyone: they tell the sender the mail was read). */
export function useAllowRemoteImages() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (messageId: string) => (await api.post<Envelope<MessageView>>(`/api/messages/${messageId}/email/remote-images`)).data,
    onSuccess: (message) => updateMessage(queryClient, message),
    onError: (error) => notifications.show({ color: "red", title: t("email.remoteImages.failed"), message: errorMessage(t, error) }),
  });
}

/** Parses a received mail again from its raw source. */
export function useReprocessEmail() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (messageId: string) => (await api.post<Envelope<MessageView>>(`/api/messages/${messageId}/email/reprocess`)).data,
    onSuccess: (message) => {
      updateMessage(queryClient, message);
      notifications.show({ color: message.email?.parseError ? "orange" : "green", message: message.email?.parseError ? t("email.parseError.stillBroken") : t("email.parseError.fixed") });
    },
    onError: (error) => notifications.show({ color: "red", title: t("email.parseError.reprocessFailed"), message: errorMessage(t, error) }),
  });
}

const SOURCE_PREVIEW_BYTES = 512 * 1024;

/** The beginning of a mail's raw source as text; the whole mail is a download away. */
export async function fetchEmailSource(rawUrl: string, signal: AbortSignal): Promise<{ text: string; isTruncated: boolean }> {
  const response = await fetch(rawUrl, { credentials: "same-origin", signal });
  if (!response.ok || !response.body) throw new Error(`The server answered ${response.status}.`);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let isTruncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= SOURCE_PREVIEW_BYTES) {
      isTruncated = true;
      await reader.cancel();
      break;
    }
  }
  const bytes = new Uint8Array(Math.min(size, SOURCE_PREVIEW_BYTES));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, Math.max(0, bytes.byteLength - offset));
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  // Raw mail is mostly 7-bit; latin1 shows every byte as one character and never fails.
  const text = new TextDecoder(isUtf8(bytes) ? "utf-8" : "latin1").decode(bytes);
  return { text, isTruncated };
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
