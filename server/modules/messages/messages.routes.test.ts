import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MessageView } from "../../../common/views.js";
import type { ChannelRow } from "../../platform/db/rows.js";
import { buildAccount, buildAgent, buildApiChannel, buildChannel, buildConversation, type TestAccount } from "../../test/factories.js";
import { multipartFile, tinyPng } from "../../test/multipart.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";

describe("replies and notes", () => {
  let test: TestApp;
  let account: TestAccount;
  let channel: ChannelRow;

  beforeAll(async () => {
    test = await createTestApp();
    account = await buildAccount(test);
    // Without a webhook URL, replies fail for good once the delivery job runs; that does not matter here.
    channel = (await buildApiChannel(test, account)).channel;
  });
  afterAll(() => test.close());

  const as = () => account.adminSession;
  const send = (conversationId: string, body: object) => test.api.post(`/api/conversations/${conversationId}/messages`, { as: as(), body });
  const conversationOf = async (id: string) => (await test.api.get(`/api/conversations/${id}`, { as: as() })).body.data;

  it("a note does not count as a response, does not open the conversation and does not change the preview", async () => {
    const conversation = await buildConversation(test, channel, { text: "My order is late." });
    const note = await send(conversation.id, { text: "Checked the warehouse: shipped yesterday.", isNote: true });
    expect(note.status).toBe(201);
    expect(note.body.data).toMatchObject({ isNote: true, direction: "out", authorType: "agent", deliveryStatus: "not_applicable", author: { id: account.admin.id } });
    expect(await conversationOf(conversation.id)).toMatchObject({ firstResponseAt: null, statusKind: "new", preview: "My order is late.", messageCount: 2 });
  });

  it("the first reply sets firstResponseAt and opens a new conversation; later replies keep it", async () => {
    const conversation = await buildConversation(test, channel);
    const first = await send(conversation.id, { text: "We are looking into it." });
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({ isNote: false, direction: "out", deliveryStatus: "pending" });
    const afterFirst = await conversationOf(conversation.id);
    expect(afterFirst).toMatchObject({ statusKind: "open", status: "open", firstResponseAt: first.body.data.createdAt, preview: "We are looking into it." });

    const second = await send(conversation.id, { text: "Found it!" });
    expect(second.status).toBe(201);
    const afterSecond = await conversationOf(conversation.id);
    expect(afterSecond.firstResponseAt).toBe(first.body.data.createdAt);
    expect(afterSecond.messageCount).toBe(3);
  });

  it("a reply does not reopen a conversation parked in pending, and may set the status in the same step", async () => {
    const conversation = await buildConversation(test, channel);
    await test.api.patch(`/api/conversations/${conversation.id}`, { as: as(), body: { status: "pending" } });
    await send(conversation.id, { text: "Waiting for your answer." });
    expect((await conversationOf(conversation.id)).statusKind).toBe("pending");
    const solved = await send(conversation.id, { text: "Closing this now.", status: "solved" });
    expect(solved.status).toBe(201);
    expect(await conversationOf(conversation.id)).toMatchObject({ statusKind: "solved", solvedAt: expect.any(String) });
  });

  it("keeps sanitized HTML and derives the text from it", async () => {
    const conversation = await buildConversation(test, channel);
    const reply = await send(conversation.id, { html: '<p>Hello <a href="javascript:alert(1)">there</a><script>alert(2)</script></p>' });
    expect(reply.status).toBe(201);
    expect(reply.body.data.text).toContain("Hello there");
    expect(reply.body.data.html).not.toMatch(/script|javascript/);
  });

  it("marks a reply on a channel that cannot send yet as failed, and refuses to retry it", async () => {
    const whatsapp = await buildChannel(test, account, "whatsapp");
    const conversation = await buildConversation(test, whatsapp);
    const reply = await send(conversation.id, { text: "Hello on WhatsApp" });
    expect(reply.status).toBe(201);
    expect(reply.body.data.deliveryStatus).toBe("failed");
    expect(reply.body.data.deliveryError).toMatch(/whatsapp/);
    const retry = await test.api.post(`/api/messages/${reply.body.data.id}/retry`, { as: as() });
    expect(retry.status).toBe(400);
    expect(retry.body.error.code).toBe("message_not_retryable");
  });

  describe("attachments", () => {
    it("attaches the agent's own uploads, once", async () => {
      const conversation = await buildConversation(test, channel);
      const upload = multipartFile("photo.jpg", tinyPng);
      const uploaded = await test.api.post("/api/attachments", { as: as(), body: upload.body, headers: upload.headers });
      expect(uploaded.status).toBe(201);
      expect(uploaded.body.data).toMatchObject({ fileName: "photo.jpg", contentType: "image/png", byteSize: tinyPng.length });

      const reply = await send(conversation.id, { attachmentIds: [uploaded.body.data.id] });
      expect(reply.status).toBe(201);
      expect(reply.body.data.attachments.map((attachment: { id: string }) => attachment.id)).toEqual([uploaded.body.data.id]);

      const again = await send(conversation.id, { text: "Same file again", attachmentIds: [uploaded.body.data.id] });
      expect(again.status).toBe(400);
      expect(again.body.error.code).toBe("attachment_not_found");
      expect((await conversationOf(conversation.id)).messageCount).toBe(2); // the refused reply left nothing behind
    });

    it("refuses another agent's upload", async () => {
      const conversation = await buildConversation(test, channel);
      const colleague = await buildAgent(test, account);
      const upload = multipartFile("theirs.txt", Buffer.from("not yours"));
      const uploaded = await test.api.post("/api/attachments", { as: colleague.session, body: upload.body, headers: upload.headers });
      const reply = await send(conversation.id, { text: "Borrowing a file", attachmentIds: [uploaded.body.data.id] });
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe("attachment_not_found");
      expect(reply.body.error.details.map((detail: { field: string }) => detail.field)).toContain("body.attachmentIds");
    });

    it("needs text, html or an attachment", async () => {
      const conversation = await buildConversation(test, channel);
      const empty = await send(conversation.id, { text: "   " });
      expect(empty.status).toBe(400);
      expect(empty.body.error.details.map((detail: { field: string }) => detail.field)).toContain("body.text");
    });
  });
});

describe("message pages", () => {
  let test: TestApp;
  let account: TestAccount;

  beforeAll(async () => {
    test = await createTestApp();
    account = await buildAccount(test);
  });
  afterAll(() => test.close());

  it("walks back in time without duplicates or gaps, even for messages stored in one transaction", async () => {
    const { channel } = await buildApiChannel(test, account);
    const count = 12;
    // One transaction: every message gets the same created_at, so only the id orders them.
    const conversationId = await test.services.deps.db.transaction(async (tx) => {
      let id = "";
      for (let index = 0; index < count; index += 1) {
        const { conversation } = await test.services.ingest.accept(tx, channel, {
          externalId: `page-${index}`,
          customer: { identities: [{ kind: "api", value: "pager" }], name: "Pager", language: null },
          subject: null,
          text: `Message ${index}`,
          html: null,
          attachments: [],
          sentAt: null,
        });
        id = conversation.id;
      }
      return id;
    });
    const pages: MessageView[][] = [];
    let cursor: string | null = null;
    do {
      const response: { status: number; body: { data: MessageView[]; nextCursor: string | null } } = await test.api.get(
        `/api/conversations/${conversationId}/messages?limit=5${cursor ? `&cursor=${cursor}` : ""}`,
        { as: account.adminSession },
      );
      expect(response.status).toBe(200);
      pages.push(response.body.data);
      cursor = response.body.nextCursor;
      expect(pages.length).toBeLessThan(10);
    } while (cursor);
    expect(pages.map((page) => page.length)).toEqual([5, 5, 2]);
    // The newest page comes first; each page reads oldest to newest.
    const chronological = [...pages].reverse().flat().map((message) => message.text);
    expect(chronological).toEqual(Array.from({ length: count }, (_, index) => `Message ${index}`));
  });
});
