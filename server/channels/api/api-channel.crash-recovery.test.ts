import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as ingestStore from "../../modules/ingest/ingest.store.js";
import { buildAccount, buildApiChannel, type TestAccount } from "../../test/factories.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";
import type { InboundMessage } from "../channel-adapter.js";

/**
 * A process killed between storing an inbound message and processing it leaves the row
 * `received`, and the sender without an answer. The sender sends the same externalId again.
 */
describe("API channel after a crash between storing and processing", () => {
  let test: TestApp;
  let account: TestAccount;
  let channel: Awaited<ReturnType<typeof buildApiChannel>>;

  beforeAll(async () => {
    test = await createTestApp();
    account = await buildAccount(test);
    channel = await buildApiChannel(test, account);
  });
  afterAll(() => test?.close());

  it("processes the stored message when the sender sends it again", async () => {
    const stored: InboundMessage = {
      externalId: "crash-window-1",
      customer: { identities: [{ kind: "api", value: "customer-crash" }], name: "Kai", language: null },
      subject: null,
      text: "Is anyone there?",
      html: null,
      attachments: [],
      sentAt: null,
    };
    const row = await ingestStore.insertOnce(test.services.deps.db, { accountId: account.accountId, channelId: channel.channel.id, externalId: stored.externalId, payload: stored });
    expect(row?.status).toBe("received");

    const resent = await test.api.post(`/api/channels/${channel.channel.id}/messages`, {
      as: { bearer: channel.inboundToken },
      body: { externalId: "crash-window-1", customer: { identifier: "customer-crash", name: "Kai" }, text: "Is anyone there?" },
    });
    expect(resent.status).toBe(201);
    expect(resent.body.data).toMatchObject({ inboundMessageId: row!.id, status: "processed", conversationId: expect.any(String), messageId: expect.any(String) });

    const messages = await test.api.get(`/api/conversations/${resent.body.data.conversationId}/messages`, { as: account.adminSession });
    expect(messages.body.data).toEqual([expect.objectContaining({ id: resent.body.data.messageId, externalId: "crash-window-1", text: "Is anyone there?" })]);
  });
});
