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
      const { isNew } = await chatStore.appendEntry(tx, {
        accountId: channel.accountId,
        channelId: channel.id,
        conversationId: outbound.conversation.id,
        messageId: outbound.message.id,
        clientMessageId: null,
      });
      if (isNew) {
        await chatStore.notifyEntry(tx, {
          accountId: channel.accountId,
          channelId: channel.id,
          conversationId: outbound.conversation.id,
          customerId: outbound.customer.id,
          visitorId: null,
        });
      }
    });
    return { externalId: null };
  },
};
