import * as chatStore from "../../modules/chat/chat.store.js";
import { type ChannelAdapter, InboundMessage } from "../channel-adapter.js";

/**
 * The website chat. Inbound: the widget's messages, stored already normalized by the chat
 * module (server/modules/chat). Outbound: a reply (agent, bot or system) is delivered by
 * giving it the next place in the visitor's transcript and waking the visitor's sockets;
 * a visitor who is away sees it when they come back.
 */
export const chatChannelAdapter: ChannelAdapter = {
  type: "chat",
  parseStored: async (payload) => InboundMessage.parse(payload),
  async send(outbound, channel, { db }) {
    await db.transaction(async (tx) => {
      const entry = { accountId: channel.accountId, channelId: channel.id, conversationId: outbound.conversation.id, clientMessageId: null };
      await chatStore.lockChatConversation(tx, entry);
      // This reply and any earlier one still waiting for its own (concurrent) job, in the order written.
      const replies = await chatStore.listUndeliveredRepliesUpTo(tx, channel.accountId, outbound.conversation.id, outbound.message.id);
      for (const reply of replies) await chatStore.appendEntry(tx, { ...entry, messageId: reply.id });
      if (replies.length > 0) {
        await chatStore.notifyEntry(tx, { accountId: channel.accountId, channelId: channel.id, conversationId: outbound.conversation.id, customerId: outbound.customer.id, visitorId: null });
      }
    });
    return { externalId: null };
  },
};
