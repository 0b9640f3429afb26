import { z } from "zod";
import type { InboundMessage } from "../../channels/channel-adapter.js";
import type { Executor } from "../../platform/db/database.js";
import type { ChannelRow } from "../../platform/db/rows.js";
import type { ChannelIntake, IngestService } from "../ingest/ingest.service.js";
import * as chatStore from "./chat.store.js";

/** What the widget's messages carry besides the common contract. */
export const ChatChannelData = z.object({ visitorId: z.uuid(), clientMessageId: z.string().min(1).max(100), ipHash: z.string() });

/**
 * Accepts a visitor's message like any channel (identify, thread, append) and, in the same
 * transaction, gives it its place in the chat transcript and tells the visitor's sockets
 * (the notification leaves on commit).
 */
export class ChatIntake implements ChannelIntake {
  constructor(private readonly ingest: IngestService) {}

  async accept(tx: Executor, channel: ChannelRow, message: InboundMessage): Promise<{ conversationId: string | null; messageId: string | null }> {
    const data = ChatChannelData.parse(message.channelData);
    const visitor = await chatStore.findVisitor(tx, channel.accountId, data.visitorId);
    if (!visitor || visitor.channelId !== channel.id) throw new Error("the chat visitor of this message does not exist on this channel");
    const { conversation, message: created } = await this.ingest.accept(tx, channel, message);
    await chatStore.ensureChatConversation(tx, {
      conversationId: conversation.id,
      accountId: channel.accountId,
      channelId: channel.id,
      startedByVisitorId: visitor.id,
      startedFromIpHash: data.ipHash,
    });
    const entry = { accountId: channel.accountId, channelId: channel.id, conversationId: conversation.id };
    await chatStore.lockChatConversation(tx, entry);
    // Replies written before this message whose delivery job has not run yet (the visitor was offline, the
    // queue is busy) take their places first: the transcript keeps the order in which things were written.
    const earlierReplies = await chatStore.listUndeliveredRepliesUpTo(tx, channel.accountId, conversation.id, created.id);
    for (const reply of earlierReplies) await chatStore.appendEntry(tx, { ...entry, messageId: reply.id, clientMessageId: null });
    await chatStore.appendEntry(tx, { ...entry, messageId: created.id, clientMessageId: data.clientMessageId });
    if (visitor.customerId !== conversation.customerId) await chatStore.updateVisitor(tx, visitor.id, { customerId: conversation.customerId });
    await chatStore.notifyEntry(tx, { accountId: channel.accountId, channelId: channel.id, conversationId: conversation.id, customerId: conversation.customerId, visitorId: visitor.id });
    return { conversationId: conversation.id, messageId: created.id };
  }
}
