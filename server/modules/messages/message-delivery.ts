import type { ServiceDeps } from "../../context.js";
import { channelAdapters } from "../../channels/channel-adapters.js";
import { systemActor } from "../../platform/actor.js";
import { DeliveryError } from "../../platform/errors.js";
import type { JobPerformer } from "../../platform/jobs/jobs.js";
import * as channelStore from "../channels/channels.store.js";
import * as conversationStore from "../conversations/conversations.store.js";
import { presentConversation } from "../conversations/conversations.presenter.js";
import * as customerStore from "../customers/customers.store.js";
import type { deliverMessageJob } from "./jobs/deliver-message.job.js";
import type { MessageService } from "./messages.service.js";
import * as messageStore from "./messages.store.js";
import { presentMessage } from "./messages.presenter.js";

type Payload = ReturnType<(typeof deliverMessageJob)["payload"]["parse"]>;

/**
 * Delivers one reply. Sending happens outside any transaction; the outcome is then
 * recorded on the message (sent, still retrying, or failed for good) with an event.
 */
export function performMessageDelivery(deps: Pick<ServiceDeps, "db" | "files" | "config" | "logger">, messages: MessageService): JobPerformer<Payload> {
  return async ({ accountId, messageId }, context) => {
    const { db } = deps;
    const message = await messageStore.findById(db, accountId, messageId);
    if (!message || message.deliveryStatus !== "pending") return; // already sent, or withdrawn
    const conversation = await conversationStore.findDetails(db, accountId, message.conversationId);
    const channel = conversation ? await channelStore.findById(db, accountId, conversation.channelId) : null;
    const customer = conversation ? await customerStore.findById(db, accountId, conversation.customerId) : null;
    const adapter = channel ? channelAdapters[channel.type] : undefined;
    const actor = systemActor(accountId);
    if (!conversation || !channel || !customer || !adapter) {
      await db.transaction(async (tx) => {
        const updated = await messageStore.updateIfPending(tx, message.id, { deliveryStatus: "failed", deliveryError: "The channel of this conversation can no longer send." });
        if (updated) await messages.recordUpdated(tx, actor, updated);
      });
      return;
    }
    const [details] = await messageStore.withDetails(db, [message]);
    const [withIdentities] = await customerStore.withIdentities(db, [customer]);
    try {
      const { externalId } = await adapter.send(
        {
          message: presentMessage(details!),
          conversation: presentConversation(conversation),
          customer: { id: customer.id, name: customer.name, identities: withIdentities!.identities.map(({ kind, value }) => ({ kind, value })) },
        },
        channel,
        { db, files: deps.files, config: deps.config, logger: deps.logger },
      );
      await db.transaction(async (tx) => {
        const updated = await messageStore.updateIfPending(tx, message.id, {
          deliveryStatus: "sent",
          deliveryError: null,
          deliveredAt: new Date(),
          deliveryAttempts: message.deliveryAttempts + 1,
          externalId: externalId ?? message.externalId,
        });
        if (updated) await messages.recordUpdated(tx, actor, updated);
      });
    } catch (error) {
      const isPermanent = error instanceof DeliveryError && error.isPermanent;
      const reason = error instanceof DeliveryError ? error.message : "The channel failed unexpectedly.";
      const isFinal = isPermanent || context.isLastAttempt;
      await db.transaction(async (tx) => {
        const updated = await messageStore.updateIfPending(tx, message.id, {
          deliveryStatus: isFinal ? "failed" : "pending",
          deliveryError: isFinal ? reason : `${reason} Retrying (attempt ${context.attempt}).`,
          deliveryAttempts: message.deliveryAttempts + 1,
        });
        if (updated) await messages.recordUpdated(tx, actor, updated);
      });
      if (!isFinal) throw error; // let the job queue retry with backoff
      if (!(error instanceof DeliveryError)) context.logger.error({ err: error }, "message delivery failed unexpectedly");
    }
  };
}
