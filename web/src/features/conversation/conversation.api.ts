import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { notifications } from "@mantine/notifications";
import type { AttachmentView, ConversationView, MessageView } from "../../../../common/views";
import type { Level, Priority } from "../../../../common/domain";
import { api, type Envelope, type Page } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { useAgents, useStatuses } from "../../api/reference-data";
import { errorMessage } from "../../i18n/errors";
import {
  findCachedConversation,
  patchConversation,
  removeMessage,
  restoreSnapshot,
  scheduleInboxRefresh,
  SENDING_PREFIX,
  storeConversation,
  storeMessage,
  updateMessage,
} from "./conversation-cache";

const MESSAGE_PAGE_SIZE = 50;

function fetchMessagesPage(conversationId: string, cursor: string | null, signal?: AbortSignal) {
  return api.get<Page<MessageView>>(`/api/conversations/${conversationId}/messages`, { limit: MESSAGE_PAGE_SIZE, cursor: cursor ?? undefined }, signal);
}

const messagesQuery = (conversationId: string) => ({
  queryKey: queryKeys.messages(conversationId),
  queryFn: ({ pageParam, signal }: { pageParam: string | null; signal: AbortSignal }) => fetchMessagesPage(conversationId, pageParam, signal),
  initialPageParam: null as string | null,
  // Pages go back in time: the first is the newest.
  getNextPageParam: (page: Page<MessageView>) => page.nextCursor,
  staleTime: 30_000,
});

/** Hovering or focusing a row loads its thread, so that opening it feels instant. */
export function prefetchConversation(queryClient: QueryClient, conversation: ConversationView): void {
  if (!queryClient.getQueryData(queryKeys.conversation(conversation.id))) {
    queryClient.setQueryData(queryKeys.conversation(conversation.id), conversation);
  }
  void queryClient.prefetchInfiniteQuery(messagesQuery(conversation.id));
}

export function useConversation(id: string) {
  const queryClient = useQueryClient();
  return useQuery<ConversationView, Error, ConversationView, ReturnType<typeof queryKeys.conversation>>({
    queryKey: queryKeys.conversation(id),
    queryFn: async ({ signal }) => (await api.get<Envelope<ConversationView>>(`/api/conversations/${id}`, undefined, signal)).data,
    placeholderData: () => findCachedConversation(queryClient, id),
    staleTime: 15_000,
  });
}

export function useMessages(conversationId: string) {
  return useInfiniteQuery(messagesQuery(conversationId));
}

export type ConversationChanges = Partial<{
  status: string;
  priority: Priority;
  assigneeId: string | null;
  teamId: string | null;
  level: Level;
  tags: string[];
}>;

/**
 * Saves changes to a conversation. The screen shows them at once; the server's answer
 * replaces them, and a refusal puts the previous state back with a message.
 */
export function useUpdateConversation(conversationId: string) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const statuses = useStatuses();
  const agents = useAgents();
  const mutationKey = ["update-conversation", conversationId];
  return useMutation({
    mutationKey,
    mutationFn: async (changes: ConversationChanges) =>
      (await api.patch<Envelope<ConversationView>>(`/api/conversations/${conversationId}`, changes)).data,
    onMutate: async (changes) => {
      await queryClient.cancelQueries({ queryKey: queryKeys.conversation(conversationId) });
      const patch: Partial<ConversationView> = {};
      if (changes.status !== undefined) {
        patch.status = changes.status;
        const kind = statuses.data?.find((status) => status.key === changes.status)?.kind;
        if (kind) patch.statusKind = kind;
      }
      if (changes.priority !== undefined) patch.priority = changes.priority;
      if (changes.assigneeId !== undefined) {
        const agent = agents.data?.find((candidate) => candidate.id === changes.assigneeId);
        patch.assignee = changes.assigneeId && agent ? { id: agent.id, name: agent.name } : null;
      }
      if (changes.teamId !== undefined) patch.teamId = changes.teamId;
      if (changes.level !== undefined) patch.level = changes.level;
      if (changes.tags !== undefined) patch.tags = changes.tags;
      return { snapshot: patchConversation(queryClient, conversationId, patch) };
    },
    onError: (error, _changes, context) => {
      if (context) restoreSnapshot(queryClient, context.snapshot);
      notifications.show({ color: "red", title: t("conversation.saveFailed"), message: errorMessage(t, error) });
    },
    onSuccess: (conversation) => storeConversation(queryClient, conversation),
    onSettled: () => {
      scheduleInboxRefresh(queryClient);
      // Only the last of several quick changes re-reads the conversation.
      if (queryClient.isMutating({ mutationKey }) <= 1) void queryClient.invalidateQueries({ queryKey: queryKeys.conversation(conversationId) });
    },
  });
}

export type SendInput = { text: string; isNote: boolean; attachments: AttachmentView[]; status?: string };

let temporaryIds = 0;

/** Sends a reply or note; it shows in the thread at once, marked as sending. */
export function useSendMessage(conversation: ConversationView, author: { id: string; name: string }) {
  const queryClient = useQueryClient();
  const statuses = useStatuses();
  return useMutation({
    mutationFn: async (input: SendInput) =>
      (
        await api.post<Envelope<MessageView>>(`/api/conversations/${conversation.id}/messages`, {
          text: input.text,
          isNote: input.isNote,
          attachmentIds: input.attachments.map((attachment) => attachment.id),
          ...(input.status ? { status: input.status } : {}),
        })
      ).data,
    onMutate: (input) => {
      temporaryIds += 1;
      const temporaryId = `${SENDING_PREFIX}${temporaryIds}`;
      storeMessage(queryClient, {
        id: temporaryId,
        conversationId: conversation.id,
        direction: "out",
        authorType: "agent",
        author,
        isNote: input.isNote,
        email: null,
        text: input.text,
        html: null,
        externalId: null,
        deliveryStatus: input.isNote ? "not_applicable" : "pending",
        deliveryError: null,
        attachments: input.attachments,
        createdAt: new Date().toISOString(),
      });
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
    },
  });
}

export function useRetryDelivery() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (messageId: string) => (await api.post<Envelope<MessageView>>(`/api/messages/${messageId}/retry`)).data,
    onSuccess: (message) => updateMessage(queryClient, message),
    onError: (error) => notifications.show({ color: "red", title: t("message.retryFailed"), message: errorMessage(t, error) }),
  });
}

export async function uploadAttachment(file: File): Promise<AttachmentView> {
  const form = new FormData();
  form.append("file", file, file.name);
  return (await api.post<Envelope<AttachmentView>>("/api/attachments", form)).data;
}
