import { QueryClient } from "@tanstack/react-query";
import { describe, expect, test } from "vitest";
import type { ConversationView, MessageView } from "../../../../common/views";
import { queryKeys } from "../../api/query-keys";
import { defaultFilters } from "../inbox/inbox-filters";
import { patchConversation, restoreSnapshot, storeConversation, storeMessage, updateMessage, type MessagePages } from "./conversation-cache";

const agent = { id: "01a2089f-0000-7000-8000-000000000001", name: "Alex Admin" };

function conversation(overrides: Partial<ConversationView> = {}): ConversationView {
  return {
    id: "01a2089f-0000-7000-8000-0000000000c1",
    number: 2,
    subject: "Where is my order?",
    channel: { id: "01a2089f-0000-7000-8000-0000000000a1", type: "email", name: "support@example.com" },
    customer: { id: "01a2089f-0000-7000-8000-0000000000b1", name: "Emma Wilson" },
    status: "new",
    statusKind: "new",
    priority: "normal",
    assignee: null,
    teamId: null,
    level: 1,
    tags: [],
    topic: null,
    category: null,
    language: "en",
    preview: "Hi",
    messageCount: 1,
    createdAt: "2026-11-23T10:00:00.000Z",
    updatedAt: "2026-11-23T10:00:00.000Z",
    firstResponseAt: null,
    solvedAt: null,
    lastActivityAt: "2026-11-23T10:00:00.000Z",
    ...overrides,
  };
}

function message(overrides: Partial<MessageView> = {}): MessageView {
  return {
    id: "01a2089f-0000-7000-8000-0000000000d1",
    conversationId: conversation().id,
    direction: "out",
    authorType: "agent",
    author: agent,
    isNote: false,
    email: null,
    text: "On it!",
    html: null,
    externalId: null,
    deliveryStatus: "pending",
    deliveryError: null,
    attachments: [],
    createdAt: "2026-11-23T10:05:00.000Z",
    ...overrides,
  };
}

function threadOf(queryClient: QueryClient): MessageView[] {
  const data = queryClient.getQueryData<MessagePages>(queryKeys.messages(conversation().id))!;
  return [...data.pages].reverse().flatMap((page) => page.data);
}

function clientWithThread(messages: MessageView[]): QueryClient {
  const queryClient = new QueryClient();
  queryClient.setQueryData<MessagePages>(queryKeys.messages(conversation().id), { pages: [{ data: messages, nextCursor: null }], pageParams: [null] });
  return queryClient;
}

describe("conversation caches", () => {
  test("the optimistic copy of a reply is replaced once, whether the event or the answer comes first", () => {
    const customerMessage = message({ id: "01a2089f-0000-7000-8000-0000000000d0", direction: "in", authorType: "customer", author: null });
    const sending = message({ id: "sending-1" });
    const saved = message();

    const eventFirst = clientWithThread([customerMessage, sending]);
    storeMessage(eventFirst, saved); // realtime event
    storeMessage(eventFirst, saved, { replaceId: "sending-1" }); // then the POST answer
    expect(threadOf(eventFirst).map((item) => item.id)).toEqual([customerMessage.id, saved.id]);

    const answerFirst = clientWithThread([customerMessage, sending]);
    storeMessage(answerFirst, saved, { replaceId: "sending-1" });
    storeMessage(answerFirst, saved);
    expect(threadOf(answerFirst).map((item) => item.id)).toEqual([customerMessage.id, saved.id]);
  });

  test("a colleague's message is added, not mistaken for one's own copy", () => {
    const queryClient = clientWithThread([message({ id: "sending-2" })]);
    storeMessage(queryClient, message({ id: "01a2089f-0000-7000-8000-0000000000d9", author: { id: "01a2089f-0000-7000-8000-000000000002", name: "Anna Berger" } }));
    expect(threadOf(queryClient).map((item) => item.id)).toEqual(["sending-2", "01a2089f-0000-7000-8000-0000000000d9"]);
  });

  test("delivery updates replace the message where it is", () => {
    const queryClient = clientWithThread([message()]);
    updateMessage(queryClient, message({ deliveryStatus: "failed", deliveryError: "The webhook answered 500." }));
    expect(threadOf(queryClient)[0]).toMatchObject({ deliveryStatus: "failed", deliveryError: "The webhook answered 500." });
  });

  test("a late event does not overwrite a newer state of the conversation", () => {
    const queryClient = new QueryClient();
    const listKey = queryKeys.conversationList(defaultFilters);
    const newer = conversation({ status: "solved", statusKind: "solved", updatedAt: "2026-11-23T10:10:00.000Z" });
    queryClient.setQueryData(queryKeys.conversation(newer.id), newer);
    queryClient.setQueryData(listKey, { pages: [{ data: [newer], nextCursor: null }], pageParams: [null] });

    storeConversation(queryClient, conversation({ status: "open", statusKind: "open", updatedAt: "2026-11-23T10:05:00.000Z" }));

    expect(queryClient.getQueryData<ConversationView>(queryKeys.conversation(newer.id))?.status).toBe("solved");
    expect(queryClient.getQueryData<{ pages: Array<{ data: ConversationView[] }> }>(listKey)?.pages[0]?.data[0]?.status).toBe("solved");
  });

  test("an optimistic change shows everywhere and is taken back completely", () => {
    const queryClient = new QueryClient();
    const listKey = queryKeys.conversationList(defaultFilters);
    const original = conversation();
    queryClient.setQueryData(queryKeys.conversation(original.id), original);
    queryClient.setQueryData(listKey, { pages: [{ data: [original], nextCursor: null }], pageParams: [null] });

    const snapshot = patchConversation(queryClient, original.id, { priority: "urgent", assignee: agent });
    expect(queryClient.getQueryData<ConversationView>(queryKeys.conversation(original.id))).toMatchObject({ priority: "urgent", assignee: agent });
    expect(queryClient.getQueryData<{ pages: Array<{ data: ConversationView[] }> }>(listKey)?.pages[0]?.data[0]?.priority).toBe("urgent");

    restoreSnapshot(queryClient, snapshot);
    expect(queryClient.getQueryData(queryKeys.conversation(original.id))).toEqual(original);
    expect(queryClient.getQueryData<{ pages: Array<{ data: ConversationView[] }> }>(listKey)?.pages[0]?.data[0]).toEqual(original);
  });
});
