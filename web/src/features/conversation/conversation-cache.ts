import type { InfiniteData, QueryClient, QueryKey } from "@tanstack/react-query";
import type { ConversationView, MessageView } from "../../../../common/views";
import type { Page } from "../../api/client";
import { queryKeys } from "../../api/query-keys";

type ConversationPages = InfiniteData<Page<ConversationView>, string | null>;
export type MessagePages = InfiniteData<Page<MessageView>, string | null>;

/** What a rollback needs: every cache entry an optimistic change touched, as it was. */
export type CacheSnapshot = Array<[QueryKey, unknown]>;

function isOlder(incoming: ConversationView, existing: ConversationView): boolean {
  return Date.parse(incoming.updatedAt) < Date.parse(existing.updatedAt);
}

function mapConversationPages(data: ConversationPages | undefined, update: (conversation: ConversationView) => ConversationView) {
  if (!data) return data;
  let hasChanged = false;
  const pages = data.pages.map((page) => {
    let isPageChanged = false;
    const items = page.data.map((conversation) => {
      const next = update(conversation);
      if (next !== conversation) isPageChanged = true;
      return next;
    });
    hasChanged ||= isPageChanged;
    return isPageChanged ? { ...page, data: items } : page;
  });
  return hasChanged ? { ...data, pages } : data;
}

/**
 * A newer state of a conversation (from the server or a realtime event) replaces the
 * older one in every cache that shows it. Older states (events arriving late) are ignored.
 */
export function storeConversation(queryClient: QueryClient, incoming: ConversationView): void {
  // An event that did not read the SLA clocks leaves `sla` out: keep the clocks already known.
  const merged = (existing: ConversationView | undefined) => (incoming.sla === undefined && existing?.sla !== undefined ? { ...incoming, sla: existing.sla } : incoming);
  const conversation = incoming;
  const replace = (existing: ConversationView) => (existing.id === conversation.id && !isOlder(conversation, existing) ? merged(existing) : existing);
  queryClient.setQueryData<ConversationView>(queryKeys.conversation(conversation.id), (existing) =>
    existing && isOlder(conversation, existing) ? existing : merged(existing),
  );
  queryClient.setQueriesData<ConversationPages>({ queryKey: queryKeys.conversationLists }, (data) => mapConversationPages(data, replace));
  queryClient.setQueryData<ConversationView[]>(queryKeys.customerConversations(conversation.customer.id), (list) => list?.map(replace));
}

/** Applies a change before the server confirms it; returns what to restore if it refuses. */
export function patchConversation(queryClient: QueryClient, id: string, patch: Partial<ConversationView>): CacheSnapshot {
  const snapshot: CacheSnapshot = [
    [queryKeys.conversation(id), queryClient.getQueryData(queryKeys.conversation(id))],
    ...queryClient.getQueriesData({ queryKey: queryKeys.conversationLists }),
  ];
  const apply = (conversation: ConversationView) => (conversation.id === id ? { ...conversation, ...patch } : conversation);
  queryClient.setQueryData<ConversationView>(queryKeys.conversation(id), (existing) => existing && apply(existing));
  queryClient.setQueriesData<ConversationPages>({ queryKey: queryKeys.conversationLists }, (data) => mapConversationPages(data, apply));
  return snapshot;
}

export function restoreSnapshot(queryClient: QueryClient, snapshot: CacheSnapshot): void {
  for (const [key, data] of snapshot) queryClient.setQueryData(key, data);
}

/** Finds a conversation in any cached inbox page: the conversation screen opens with it at once. */
export function findCachedConversation(queryClient: QueryClient, id: string): ConversationView | undefined {
  for (const [, data] of queryClient.getQueriesData<ConversationPages>({ queryKey: queryKeys.conversationLists })) {
    for (const page of data?.pages ?? []) {
      const found = page.data.find((conversation) => conversation.id === id);
      if (found) return found;
    }
  }
  return undefined;
}

export const SENDING_PREFIX = "sending-";

/**
 * Adds a message to the newest page of its thread, unless it is already there. The
 * optimistic copy of one's own message is replaced, whether the server's answer or the
 * realtime event arrives first.
 */
export function storeMessage(queryClient: QueryClient, message: MessageView, options: { replaceId?: string } = {}): void {
  queryClient.setQueryData<MessagePages>(queryKeys.messages(message.conversationId), (data) => {
    if (!data || data.pages.length === 0) return data;
    const replaceId = options.replaceId ?? findSendingCopy(data, message)?.id;
    const withoutReplaced = replaceId ? removeFromPages(data, replaceId) : data;
    if (withoutReplaced.pages.some((page) => page.data.some((existing) => existing.id === message.id))) {
      return replaceInPages(withoutReplaced, message);
    }
    const [newest, ...older] = withoutReplaced.pages;
    return { ...withoutReplaced, pages: [{ ...newest!, data: [...newest!.data, message] }, ...older] };
  });
}

/** A message's new state (delivery status) wherever it is in its thread. */
export function updateMessage(queryClient: QueryClient, message: MessageView): void {
  queryClient.setQueryData<MessagePages>(queryKeys.messages(message.conversationId), (data) => data && replaceInPages(data, message));
}

export function removeMessage(queryClient: QueryClient, conversationId: string, messageId: string): void {
  queryClient.setQueryData<MessagePages>(queryKeys.messages(conversationId), (data) => data && removeFromPages(data, messageId));
}

function findSendingCopy(data: MessagePages, message: MessageView): MessageView | undefined {
  if (message.authorType !== "agent" || !message.author) return undefined;
  for (const page of data.pages) {
    const copy = page.data.find(
      (candidate) =>
        candidate.id.startsWith(SENDING_PREFIX) && candidate.author?.id === message.author?.id && candidate.isNote === message.isNote && candidate.text === message.text,
    );
    if (copy) return copy;
  }
  return undefined;
}

function replaceInPages(data: MessagePages, message: MessageView): MessagePages {
  return { ...data, pages: data.pages.map((page) => ({ ...page, data: page.data.map((existing) => (existing.id === message.id ? message : existing)) })) };
}

function removeFromPages(data: MessagePages, messageId: string): MessagePages {
  return { ...data, pages: data.pages.map((page) => ({ ...page, data: page.data.filter((existing) => existing.id !== messageId) })) };
}

let refreshTimer: ReturnType<typeof setTimeout> | null = null;

/**
 * Inbox lists and counts depend on filters only the server evaluates; after changes they
 * are refetched, coalesced so that a burst of events costs one round of requests.
 */
export function scheduleInboxRefresh(queryClient: QueryClient, delayMs = 300): void {
  if (refreshTimer) clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    void queryClient.invalidateQueries({ queryKey: queryKeys.conversationLists });
    void queryClient.invalidateQueries({ queryKey: queryKeys.counts });
    void queryClient.invalidateQueries({ queryKey: ["customer-conversations"] });
  }, delayMs);
}
