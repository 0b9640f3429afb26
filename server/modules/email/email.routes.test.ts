import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as channelStore from "../channels/channels.store.js";
import { buildEmailChannel, rawMail } from "../../test/email/email-test-kit.js";
import { buildAccount, buildAgent, buildApiChannel, buildConversation, type TestAccount } from "../../test/factories.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";

describe("email API", () => {
  let test: TestApp;
  let account: TestAccount;

  beforeAll(async () => {
    test = await createTestApp();
    account = await buildAccount(test);
  });
  afterAll(() => test.close());

  const settings = {
    address: "Support@Shop.example",
    imap: { host: "imap.shop.example", user: "support@shop.example", password: "imap-secret" },
    smtp: { host: "smtp.shop.example", user: "support@shop.example", password: "smtp-secret" },
  };

  it("never shows mailbox passwords, and keeps them when an admin saves the redacted settings", async () => {
    const created = await test.api.post("/api/channels", { as: account.adminSession, body: { type: "email", name: "Support", settings } });
    expect(created.status).toBe(201);
    const view = created.body.data.channel;
    expect(view.settings).toMatchObject({
      address: "support@shop.example",
      imap: { host: "imap.shop.example", port: 993, secure: true, folders: ["INBOX"], processedAction: "flag", password: "********" },
      smtp: { host: "smtp.shop.example", port: 587, password: "********" },
      autoAcknowledgement: false,
    });
    expect(JSON.stringify((await test.api.get(`/api/channels/${view.id}`, { as: account.adminSession })).body)).not.toMatch(/imap-secret|smtp-secret/);
    expect(JSON.stringify((await test.api.get("/api/channels", { as: account.adminSession })).body)).not.toMatch(/imap-secret|smtp-secret/);

    // Saving the form as shown (passwords redacted) or without them changes nothing secret.
    const saved = await test.api.patch(`/api/channels/${view.id}`, { as: account.adminSession, body: { settings: { ...view.settings, senderName: "Shop" } } });
    expect(saved.status).toBe(200);
    await test.api.patch(`/api/channels/${view.id}`, { as: account.adminSession, body: { settings: { imap: { host: "imap2.shop.example", user: "support@shop.example" } } } });
    let stored = (await channelStore.findById(test.services.deps.db, account.accountId, view.id))!.settings as any;
    expect(stored.imap).toMatchObject({ host: "imap2.shop.example", password: "imap-secret" });
    expect(stored.smtp.password).toBe("smtp-secret");
    expect(stored.senderName).toBe("Shop");

    await test.api.patch(`/api/channels/${view.id}`, { as: account.adminSession, body: { settings: { smtp: { ...view.settings.smtp, password: "new-secret" } } } });
    stored = (await channelStore.findById(test.services.deps.db, account.accountId, view.id))!.settings as any;
    expect(stored.smtp.password).toBe("new-secret");
  });

  it("validates email settings", async () => {
    const response = await test.api.post("/api/channels", { as: account.adminSession, body: { type: "email", name: "Broken", settings: { inboundSmtp: true, imap: { host: "x" } } } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("validation_failed");
    const fields = response.body.error.details.map((detail: any) => detail.field);
    expect(fields).toEqual(expect.arrayContaining(["body.settings.imap.user", "body.settings.imap.password"]));
  });

  it("shows where mailbox polling stands to admins only", async () => {
    const channel = await buildEmailChannel(test, account, { imap: { host: "127.0.0.1", port: 1, secure: false, user: "u", password: "p", pollIntervalSeconds: 3600 } });
    const status = await test.api.get(`/api/channels/${channel.id}/email/status`, { as: account.adminSession });
    expect(status.status).toBe(200);
    expect(status.body.data).toMatchObject({ channelId: channel.id, inboundSmtp: false, smtpListenerEnabled: false, imap: { folders: expect.any(Array) } });
    const agent = await buildAgent(test, account);
    expect((await test.api.get(`/api/channels/${channel.id}/email/status`, { as: agent.session })).status).toBe(403);
    await test.services.channels.update(account.adminActor, channel.id, { isEnabled: false });
    await test.runtime.mailboxes.reconcile();
  });

  it("keeps email actions to email conversations, staff and the own account", async () => {
    const apiChannel = await buildApiChannel(test, account);
    const apiConversation = await buildConversation(test, apiChannel.channel);
    const mismatch = await test.api.post(`/api/conversations/${apiConversation.id}/email/reply`, { as: account.adminSession, body: { text: "x" } });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.code).toBe("channel_type_mismatch");

    const channel = await buildEmailChannel(test, account);
    const { inboundMessage } = await test.services.emailIntake.receiveRaw(channel, rawMail({ from: "kim@customer.example", to: "x@shop.example", subject: "Hi", text: "Hello" }), { kind: "test" });
    const analyst = await buildAgent(test, account, { role: "analyst" });
    expect((await test.api.post(`/api/conversations/${inboundMessage.conversationId}/email/reply`, { as: analyst.session, body: { text: "x" } })).status).toBe(403);
    expect((await test.api.get(`/api/messages/${inboundMessage.messageId}/email/raw`, { as: analyst.session })).status).toBe(200);

    const stranger = await buildAccount(test);
    expect((await test.api.get(`/api/messages/${inboundMessage.messageId}/email/raw`, { as: stranger.adminSession })).status).toBe(404);
    expect((await test.api.get(`/api/conversations/${inboundMessage.conversationId}/email/draft`, { as: stranger.adminSession })).status).toBe(404);
    expect((await test.api.post(`/api/messages/${inboundMessage.messageId}/email/remote-images`, { as: stranger.adminSession })).status).toBe(404);
  });

  it("refuses a reply nobody would receive", async () => {
    const channel = await buildEmailChannel(test, account);
    const conversation = await buildConversation(test, channel, { identity: { kind: "phone", value: "+49 30 123456" } });
    const response = await test.api.post(`/api/conversations/${conversation.id}/email/reply`, { as: account.adminSession, body: { text: "Hello?" } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("email_recipient_missing");
    const named = await test.api.post(`/api/conversations/${conversation.id}/email/reply`, { as: account.adminSession, body: { text: "Hello!", to: [{ address: "Caller@Customer.example" }] } });
    expect(named.status).toBe(201);
    expect(named.body.data.email.to).toEqual([{ name: null, address: "caller@customer.example" }]);
  });

  it("documents the email endpoints in the OpenAPI schema", async () => {
    const document = (await test.api.get("/api/openapi.json")).body;
    for (const path of [
      "/api/conversations/{id}/email/reply",
      "/api/conversations/{id}/email/forward",
      "/api/conversations/{id}/email/draft",
      "/api/messages/{id}/email/raw",
      "/api/messages/{id}/email/remote-images",
      "/api/messages/{id}/email/reprocess",
      "/api/channels/{id}/email/status",
    ]) {
      expect(document.paths[path], path).toBeDefined();
    }
    expect(document.components.schemas.EmailDetails.properties).toHaveProperty("body");
    expect(document.components.schemas.Message.properties).toHaveProperty("email");
  });
});
