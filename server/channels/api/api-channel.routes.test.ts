import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inboundMessages } from "../../modules/ingest/ingest.table.js";
import { messages } from "../../modules/messages/messages.table.js";
import { buildAccount, buildApiChannel, buildChannel, type TestAccount } from "../../test/factories.js";
import { tinyPng } from "../../test/multipart.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";

describe("API channel inbound", () => {
  let test: TestApp;
  let account: TestAccount;
  let channel: Awaited<ReturnType<typeof buildApiChannel>>;
  let sequence = 0;

  beforeAll(async () => {
    test = await createTestApp();
    account = await buildAccount(test);
    channel = await buildApiChannel(test, account);
  });
  afterAll(() => test.close());

  const post = (body: unknown, token: string | null = channel.inboundToken, channelId = channel.channel.id) =>
    test.api.post(`/api/channels/${channelId}/messages`, { ...(token ? { as: { bearer: token } } : {}), body });
  const nextId = () => `msg-${++sequence}`;
  const admin = () => account.adminSession;
  const conversationOf = async (id: string) => (await test.api.get(`/api/conversations/${id}`, { as: admin() })).body.data;
  const messagesOf = async (conversationId: string) => (await test.api.get(`/api/conversations/${conversationId}/messages`, { as: admin() })).body.data;

  describe("idempotency", () => {
    it("stores one message for the same externalId and answers the same result twice", async () => {
      const body = { externalId: "order-42-msg-1", customer: { identifier: "user-42", name: "Kim" }, text: "Where is my parcel?" };
      const first = await post(body);
      const second = await post(body);
      expect(first.status).toBe(201);
      expect(first.headers["idempotent-replayed"]).toBeUndefined();
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      expect(second.headers["idempotent-replayed"]).toBe("true");
      expect(first.body.data).toMatchObject({ status: "processed", conversationNumber: expect.any(Number), messageId: expect.any(String) });
      const stored = await messagesOf(first.body.data.conversationId);
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ text: "Where is my parcel?", direction: "in", authorType: "customer", deliveryStatus: "received", externalId: "order-42-msg-1" });
    });

    it("answers a repeated externalId with the first result even if the body differs", async () => {
      const externalId = nextId();
      const first = await post({ externalId, customer: { identifier: "changer" }, text: "First version" });
      const second = await post({ externalId, customer: { identifier: "changer" }, text: "Second version" });
      expect(second.body).toEqual(first.body);
      expect((await messagesOf(first.body.data.conversationId)).map((message: { text: string }) => message.text)).toEqual(["First version"]);
    });

    it("stores one message when the same externalId arrives several times at once", async () => {
      const body = { externalId: nextId(), customer: { identifier: "racer", name: "Racer" }, text: "Sent five times at once" };
      const responses = await Promise.all(Array.from({ length: 5 }, () => post(body)));
      for (const response of responses) {
        expect(response.status).toBe(201);
        expect(response.body).toEqual(responses[0]!.body);
      }
      expect(responses.filter((response) => response.headers["idempotent-replayed"] === "true")).toHaveLength(4);
      const stored = await test.services.deps.db.select().from(messages).where(eq(messages.externalId, body.externalId));
      expect(stored).toHaveLength(1);
      const inbound = await test.services.deps.db
        .select()
        .from(inboundMessages)
        .where(and(eq(inboundMessages.channelId, channel.channel.id), eq(inboundMessages.externalId, body.externalId)));
      expect(inbound).toHaveLength(1);
      expect((await conversationOf(responses[0]!.body.data.conversationId)).messageCount).toBe(1);
    });

    it("gives a new customer's simultaneous messages one customer and one conversation", async () => {
      const customer = { identifier: "burst-sender", email: "burst@example.test" };
      const responses = await Promise.all(Array.from({ length: 4 }, (_, index) => post({ externalId: nextId(), customer, text: `Part ${index + 1}` })));
      for (const response of responses) expect(response.status).toBe(201);
      const conversationIds = new Set(responses.map((response) => response.body.data.conversationId));
      expect(conversationIds.size).toBe(1);
      const conversation = await conversationOf([...conversationIds][0]!);
      expect(conversation.messageCount).toBe(4);
      const found = await test.api.get("/api/customers?query=burst", { as: admin() });
      expect(found.body.data).toHaveLength(1);
      expect(found.body.data[0].id).toBe(conversation.customer.id);
    });
  });

  describe("customer identification", () => {
    it("finds the same customer by identifier, email or phone and adds identities it did not know", async () => {
      const first = await post({ externalId: nextId(), customer: { identifier: "crm-7", email: "Robin@Example.test", name: "Robin" }, text: "Hello" });
      const byEmail = await post({ externalId: nextId(), customer: { email: "robin@example.test" }, text: "Me again" });
      const byIdentifierWithPhone = await post({ externalId: nextId(), customer: { identifier: "crm-7", phone: "+49 30 1234-5678" }, text: "Call me" });
      const byPhone = await post({ externalId: nextId(), customer: { phone: "0049 30 12345678" }, text: "Still me" });
      const customerIds = new Set<string>();
      for (const response of [first, byEmail, byIdentifierWithPhone, byPhone]) {
        expect(response.status).toBe(201);
        customerIds.add((await conversationOf(response.body.data.conversationId)).customer.id);
      }
      expect(customerIds.size).toBe(1);
      const customer = await test.api.get(`/api/customers/${[...customerIds][0]}`, { as: admin() });
      expect(customer.body.data.name).toBe("Robin");
      expect(customer.body.data.identities.map((identity: { kind: string; value: string }) => `${identity.kind}:${identity.value}`).sort()).toEqual([
        "api:crm-7",
        "email:robin@example.test",
        "phone:+493012345678",
      ]);
      expect(new Set([first, byEmail, byIdentifierWithPhone, byPhone].map((response) => response.body.data.conversationId)).size).toBe(1);
    });

    it("keeps different customers apart", async () => {
      const one = await post({ externalId: nextId(), customer: { identifier: "alpha" }, text: "A" });
      const two = await post({ externalId: nextId(), customer: { identifier: "beta" }, text: "B" });
      expect(one.body.data.conversationId).not.toBe(two.body.data.conversationId);
      expect((await conversationOf(one.body.data.conversationId)).customer.id).not.toBe((await conversationOf(two.body.data.conversationId)).customer.id);
    });
  });

  describe("conversations", () => {
    it("appends to the open conversation, reopens a solved one and starts a new one after it is closed", async () => {
      const customer = { identifier: "lifecycle" };
      const first = await post({ externalId: nextId(), customer, subject: "Broken zipper", text: "My zipper broke." });
      const conversationId = first.body.data.conversationId;
      expect(await conversationOf(conversationId)).toMatchObject({ subject: "Broken zipper", statusKind: "new", messageCount: 1 });

      const second = await post({ externalId: nextId(), customer, text: "Any news?" });
      expect(second.body.data.conversationId).toBe(conversationId);

      await test.api.patch(`/api/conversations/${conversationId}`, { as: admin(), body: { status: "solved" } });
      const afterSolved = await post({ externalId: nextId(), customer, text: "It broke again." });
      expect(afterSolved.body.data.conversationId).toBe(conversationId);
      expect(await conversationOf(conversationId)).toMatchObject({ statusKind: "open", solvedAt: null, messageCount: 3, preview: "It broke again." });

      await test.api.patch(`/api/conversations/${conversationId}`, { as: admin(), body: { status: "closed" } });
      const afterClosed = await post({ externalId: nextId(), customer, text: "New problem: the strap." });
      expect(afterClosed.status).toBe(201);
      expect(afterClosed.body.data.conversationId).not.toBe(conversationId);
      expect(afterClosed.body.data.conversationNumber).toBeGreaterThan(first.body.data.conversationNumber);
      expect(await conversationOf(afterClosed.body.data.conversationId)).toMatchObject({ statusKind: "new", subject: "New problem: the strap.", messageCount: 1 });
      expect(await conversationOf(conversationId)).toMatchObject({ statusKind: "closed", messageCount: 3 });
    });

    it("sanitizes HTML and keeps the text", async () => {
      const response = await post({
        externalId: nextId(),
        customer: { identifier: "html-sender" },
        html: '<p onclick="steal()">Hello <b>there</b><script>alert(1)</script><img src="x" onerror="steal()"></p>',
      });
      expect(response.status).toBe(201);
      const [message] = await messagesOf(response.body.data.conversationId);
      expect(message.html).toContain("<b>there</b>");
      expect(message.html).not.toMatch(/script|onclick|onerror|steal/);
    });
  });

  describe("attachments", () => {
    it("stores base64 attachments with the type sniffed from their bytes, downloadable by the account's agents only", async () => {
      const text = Buffer.from("Order 1234\nShipped on Monday\n");
      const response = await post({
        externalId: nextId(),
        customer: { identifier: "with-files" },
        text: "Photos attached",
        attachments: [
          { fileName: "invoice.pdf", contentBase64: tinyPng.toString("base64") },
          { fileName: "../../etc/notes.txt", contentBase64: text.toString("base64") },
        ],
      });
      expect(response.status).toBe(201);
      const [message] = await messagesOf(response.body.data.conversationId);
      expect(message.attachments).toHaveLength(2);
      const [png, notes] = message.attachments;
      expect(png).toMatchObject({ fileName: "invoice.pdf", contentType: "image/png", byteSize: tinyPng.length, url: `/api/attachments/${png.id}` });
      expect(notes).toMatchObject({ fileName: "notes.txt", contentType: "text/plain", byteSize: text.length });

      const download = await test.app.inject({ method: "GET", url: png.url, headers: { cookie: admin().cookie } });
      expect(download.statusCode).toBe(200);
      expect(download.rawPayload.equals(tinyPng)).toBe(true);
      expect(download.headers["content-type"]).toBe("image/png");
      expect(download.headers["x-content-type-options"]).toBe("nosniff");
      expect(String(download.headers["content-disposition"])).toMatch(/^inline; filename\*=UTF-8''invoice\.pdf$/);

      const stranger = await buildAccount(test, "Stranger");
      const refused = await test.api.get(png.url, { as: stranger.adminSession });
      expect(refused.status).toBe(404);
      expect(refused.body.error.code).toBe("attachment_not_found");
      expect((await test.api.get(png.url)).status).toBe(401);
    });

    it("refuses attachments that are not base64", async () => {
      const response = await post({ externalId: nextId(), customer: { identifier: "bad-file" }, text: "x", attachments: [{ fileName: "a.txt", contentBase64: "not base64!" }] });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe("validation_failed");
      expect(response.body.error.details.map((detail: { field: string }) => detail.field)).toContain("body.attachments.0.contentBase64");
    });
  });

  describe("refusals", () => {
    it("refuses a missing or wrong channel token", async () => {
      const body = { externalId: nextId(), customer: { identifier: "u" }, text: "hi" };
      for (const token of [null, "cdc_wrong", account.adminSession.csrfToken]) {
        const response = await post(body, token);
        expect(response.status).toBe(401);
        expect(response.body.error.code).toBe("channel_token_invalid");
      }
    });

    it("refuses another channel's token, and a channel that does not exist, alike", async () => {
      const other = await buildApiChannel(test, account);
      const body = { externalId: nextId(), customer: { identifier: "u" }, text: "hi" };
      const crossed = await post(body, other.inboundToken);
      const missing = await post(body, channel.inboundToken, "01960000-0000-7000-8000-000000000000");
      expect(crossed.status).toBe(401);
      expect(missing.status).toBe(401);
      expect(crossed.body).toEqual(missing.body);
    });

    it("refuses messages to a disabled channel until it is enabled again", async () => {
      const disabledChannel = await buildApiChannel(test, account);
      const url = `/api/channels/${disabledChannel.channel.id}`;
      expect((await test.api.patch(url, { as: admin(), body: { isEnabled: false } })).status).toBe(200);
      const body = { externalId: nextId(), customer: { identifier: "late" }, text: "Anyone there?" };
      const refused = await post(body, disabledChannel.inboundToken, disabledChannel.channel.id);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe("channel_disabled");
      const [row] = await rows(sql`select count(*)::int as count from inbound_messages where channel_id = ${disabledChannel.channel.id}`);
      expect(row!.count).toBe(0);
      await test.api.patch(url, { as: admin(), body: { isEnabled: true } });
      expect((await post(body, disabledChannel.inboundToken, disabledChannel.channel.id)).status).toBe(201);
    });

    it("refuses messages to a channel that is not an API channel", async () => {
      const email = await buildChannel(test, account, "email");
      const response = await post({ externalId: nextId(), customer: { identifier: "u" }, text: "hi" }, channel.inboundToken, email.id);
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe("channel_token_invalid");
      const rotate = await test.api.post(`/api/channels/${email.id}/credentials`, { as: admin() });
      expect(rotate.status).toBe(400);
      expect(rotate.body.error.code).toBe("channel_type_mismatch");
    });

    it("stops the old token when the credentials are rotated", async () => {
      const rotated = await buildApiChannel(test, account);
      const fresh = await test.api.post(`/api/channels/${rotated.channel.id}/credentials`, { as: admin() });
      expect(fresh.status).toBe(200);
      const body = { externalId: nextId(), customer: { identifier: "rotation" }, text: "hi" };
      expect((await post(body, rotated.inboundToken, rotated.channel.id)).status).toBe(401);
      expect((await post(body, fresh.body.data.inboundToken, rotated.channel.id)).status).toBe(201);
    });

    it("names what is missing from the body", async () => {
      const noIdentity = await post({ externalId: nextId(), customer: { name: "Anonymous" }, text: "hi" });
      expect(noIdentity.status).toBe(400);
      expect(noIdentity.body.error.details.map((detail: { field: string }) => detail.field)).toContain("body.customer");
      const noContent = await post({ externalId: nextId(), customer: { identifier: "u" } });
      expect(noContent.status).toBe(400);
      expect(noContent.body.error.details.map((detail: { field: string }) => detail.field)).toContain("body.text");
      const noExternalId = await post({ customer: { identifier: "u" }, text: "hi" });
      expect(noExternalId.body.error.details.map((detail: { field: string }) => detail.field)).toContain("body.externalId");
    });
  });

  async function rows(query: ReturnType<typeof sql>): Promise<Array<{ count: number }>> {
    const result = await test.services.deps.db.execute(query);
    return (result as unknown as { rows: Array<{ count: number }> }).rows;
  }
});
