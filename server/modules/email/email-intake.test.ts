import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccount, type TestAccount } from "../../test/factories.js";
import { buildEmailChannel, fixture, rawMail, unique } from "../../test/email/email-test-kit.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";
import type { ChannelRow } from "../../platform/db/rows.js";

describe("email intake", () => {
  let test: TestApp;
  let account: TestAccount;
  let channel: ChannelRow;

  beforeAll(async () => {
    test = await createTestApp();
    account = await buildAccount(test);
    channel = await buildEmailChannel(test, account, { address: "support@shop.example" });
  });
  afterAll(() => test.close());

  const receive = (raw: Buffer, on: ChannelRow = channel) => test.services.emailIntake.receiveRaw(on, raw, { kind: "test" });
  const messagesOf = async (conversationId: string) => {
    const response = await test.api.get(`/api/conversations/${conversationId}/messages`, { as: account.adminSession });
    expect(response.status).toBe(200);
    return response.body.data as any[];
  };
  /** Receives a fixture and answers its conversation and its one message. */
  const receiveFixture = async (name: string) => {
    const { inboundMessage } = await receive(fixture(name));
    expect(inboundMessage.status).toBe("processed");
    expect(inboundMessage.conversationId).not.toBeNull();
    const messages = await messagesOf(inboundMessage.conversationId!);
    const conversation = (await test.api.get(`/api/conversations/${inboundMessage.conversationId}`, { as: account.adminSession })).body.data;
    return { conversation, message: messages.find((message) => message.id === inboundMessage.messageId) };
  };

  it("reads ISO-8859-1, Windows-1252 and UTF-8 in base64 and quoted-printable", async () => {
    const latin1 = await receiveFixture("iso-8859-1.eml");
    expect(latin1.message.text).toContain("Grüße aus Köln, Straße 5.");
    expect(latin1.conversation.customer.name).toBe("Jürgen Müller");

    const windows = await receiveFixture("windows-1252.eml");
    expect(windows.message.text).toContain("die Rechnung über 49,90 € ist falsch – bitte „prüfen“.");

    const base64 = await receiveFixture("utf8-base64.eml");
    expect(base64.message.text).toContain("Привет! 你好! Grüße 👋 — the parcel never arrived.");

    const quotedPrintable = await receiveFixture("utf8-quoted-printable.eml");
    expect(quotedPrintable.message.text).toContain("Können Sie mir eine größere Jacke schicken? Das wäre wirklich sehr freundlich");
    expect(quotedPrintable.message.html).toContain("<b>Größe</b>");
    expect(quotedPrintable.message.email.from).toEqual({ name: "Özlem Yilmaz", address: "oezlem@customer.example" });
  });

  it("decodes encoded-word subjects and sender names", async () => {
    const { conversation, message } = await receiveFixture("encoded-word-subject.eml");
    expect(conversation.subject).toBe("Rückerstattung für Auftrag € 12");
    expect(message.email.subject).toBe("Rückerstattung für Auftrag € 12");
    expect(conversation.customer.name).toBe("Françoise Dubois");
  });

  it("keeps the attachments and inline images of nested multiparts, pointing cid: images at them", async () => {
    const { message } = await receiveFixture("nested-multipart.eml");
    const byName = Object.fromEntries(message.attachments.map((attachment: any) => [attachment.fileName, attachment]));
    expect(byName["damage.png"].contentType).toBe("image/png");
    expect(byName["invoice.pdf"].contentType).toBe("application/pdf");
    expect(message.email.body.html).toContain(`src="/api/attachments/${byName["damage.png"].id}"`);
    const image = await test.api.get(byName["damage.png"].url, { as: account.adminSession });
    expect(image.status).toBe(200);
    expect(image.headers["content-type"]).toBe("image/png");
  });

  it("keeps an attached .eml and unpacks winmail.dat", async () => {
    const attached = await receiveFixture("attached-eml.eml");
    expect(attached.message.attachments.map((attachment: any) => attachment.fileName)).toEqual(["order-confirmation.eml"]);

    const winmail = await receiveFixture("winmail-dat.eml");
    expect(winmail.message.attachments.map((attachment: any) => attachment.fileName)).toEqual(["serial.txt"]);
    const file = await test.api.get(winmail.message.attachments[0].url, { as: account.adminSession });
    expect(file.body).toContain("Serial number: 4711-0815");
  });

  it("takes a mail without Message-ID, once", async () => {
    const first = await receive(fixture("missing-message-id.eml"));
    expect(first.inboundMessage.status).toBe("processed");
    const messages = await messagesOf(first.inboundMessage.conversationId!);
    expect(messages[0].text).toContain("My mail client sends no Message-ID.");
    expect(messages[0].email.messageId).toBeNull();
    const again = await receive(fixture("missing-message-id.eml"));
    expect(again.isDuplicate).toBe(true);
    expect(again.inboundMessage.messageId).toBe(first.inboundMessage.messageId);
  });

  it("turns a mail with a broken MIME boundary into a conversation with the raw mail attached and a parse-error mark", async () => {
    const { message } = await receiveFixture("broken-boundary.eml");
    expect(message.email.parseError).toContain('boundary "declared-boundary" never appears');
    expect(message.text).toContain("The order number is 10999 and the item is missing.");
    const original = message.attachments.find((attachment: any) => attachment.fileName === "original.eml");
    expect(original.contentType).toBe("message/rfc822");
    const download = await test.api.get(original.url, { as: account.adminSession });
    expect(Buffer.from(download.body).toString()).toBe(fixture("broken-boundary.eml").toString());

    // Processing it again gives the same result and adds nothing twice.
    const reprocessed = await test.api.post(`/api/messages/${message.id}/email/reprocess`, { as: account.adminSession });
    expect(reprocessed.status).toBe(200);
    expect(reprocessed.body.data.email.parseError).toContain("declared-boundary");
    expect(reprocessed.body.data.attachments).toHaveLength(1);
  });

  it("strips scripts and event handlers, and blocks remote images until an agent allows them", async () => {
    const { message } = await receiveFixture("script-html.eml");
    for (const html of [message.html, message.email.body.html]) {
      expect(html).toContain("<b>support</b>");
      expect(html).not.toMatch(/<script|onload|onerror|javascript:|<iframe|<form|<style|tracker\.example\/bg/i);
    }
    expect(message.html).not.toContain("tracker.example/pixel.gif");
    expect(message.email.body.html).not.toContain("tracker.example/pixel.gif");
    expect(message.email.hasRemoteImages).toBe(true);
    expect(message.email.remoteImagesAllowed).toBe(false);

    const allowed = await test.api.post(`/api/messages/${message.id}/email/remote-images`, { as: account.adminSession });
    expect(allowed.status).toBe(200);
    expect(allowed.body.data.email.remoteImagesAllowed).toBe(true);
    expect(allowed.body.data.email.body.html).toContain('src="https://tracker.example/pixel.gif?u=kim"');
    expect(allowed.body.data.email.body.html).not.toMatch(/onerror|<script/i);
  });

  it("separates the new text from signature and quoted history (Gmail, Outlook)", async () => {
    const gmail = await receiveFixture("gmail-reply.eml");
    expect(gmail.message.email.body.text).toBe("Thanks, that helps!\n\nKim");
    expect(gmail.message.email.body.signature).toContain("Kim Lee | Customer Example Ltd");
    expect(gmail.message.email.body.quotedText).toMatch(/^On Mon, 3 Jun 2024 at 11:00, Support <support@shop.example> wrote:\n> Hello Kim,/);
    expect(gmail.message.email.body.html).toContain("Thanks, that helps!");
    expect(gmail.message.email.body.html).not.toContain("your parcel is on its way");
    expect(gmail.message.email.body.signatureHtml).toContain("Customer Example Ltd");
    expect(gmail.message.email.body.quotedHtml).toContain("your parcel is on its way");
    // The full original stays one click away.
    expect(gmail.message.text).toContain("your parcel is on its way");

    const outlook = await receiveFixture("outlook-reply.eml");
    expect(outlook.message.email.body.text).toBe("Hallo,\n\nich habe die Ware immer noch nicht erhalten.\n\nMit freundlichen Grüßen\nHannah Weber");
    expect(outlook.message.email.body.quotedText).toMatch(/^Von: Support <support@shop.example>\nGesendet:/);
  });

  it("shows from, to, cc and the raw source of a received mail", async () => {
    const raw = rawMail({
      from: "Robin Roe <robin@customer.example>",
      to: "Support <support@shop.example>",
      cc: "Sam Sun <sam@customer.example>, lee@customer.example",
      subject: "Copy to my colleague",
      text: "Please keep Sam in the loop.",
    });
    const { message } = await (async () => {
      const { inboundMessage } = await receive(raw);
      const messages = await messagesOf(inboundMessage.conversationId!);
      return { message: messages[0] };
    })();
    expect(message.email).toMatchObject({
      kind: "message",
      from: { name: "Robin Roe", address: "robin@customer.example" },
      to: [{ name: "Support", address: "support@shop.example" }],
      cc: [
        { name: "Sam Sun", address: "sam@customer.example" },
        { name: null, address: "lee@customer.example" },
      ],
      parseError: null,
      automation: null,
    });
    const source = await test.api.get(message.email.rawUrl, { as: account.adminSession });
    expect(source.status).toBe(200);
    expect(source.headers["content-type"]).toBe("message/rfc822");
    expect(source.headers["content-disposition"]).toMatch(/^attachment;/);
    expect(Buffer.from(source.body).equals(raw)).toBe(true);
  });

  it("stores a 20 MB attachment without holding up other mail, and loses nothing", async () => {
    const attachment = randomBytes(20_000_000);
    const big = Buffer.from(
      [
        "From: Big Sender <big@customer.example>",
        "To: support@shop.example",
        "Subject: The full log file",
        `Message-ID: <big-${unique()}@customer.example>`,
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="big-boundary"',
        "",
        "--big-boundary",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Here is the whole log.",
        "--big-boundary",
        'Content-Type: application/octet-stream; name="system.log.bin"',
        "Content-Transfer-Encoding: base64",
        'Content-Disposition: attachment; filename="system.log.bin"',
        "",
        attachment.toString("base64").replace(/.{76}/g, "$&\r\n"),
        "--big-boundary--",
        "",
      ].join("\r\n"),
    );
    const small = rawMail({ from: "small@customer.example", to: "support@shop.example", subject: "Quick question", text: "Do you ship to Austria?" });
    const [bigResult, smallResult] = await Promise.all([receive(big), receive(small)]);
    expect(smallResult.inboundMessage.status).toBe("processed");
    expect(bigResult.inboundMessage.status).toBe("processed");
    const [message] = await messagesOf(bigResult.inboundMessage.conversationId!);
    expect(message.text).toContain("Here is the whole log.");
    const file = message.attachments.find((candidate: any) => candidate.fileName === "system.log.bin");
    expect(file.byteSize).toBe(20_000_000);
    const download = await test.app.inject({ method: "GET", url: file.url, headers: { cookie: account.adminSession.cookie } });
    expect(download.rawPayload.equals(attachment)).toBe(true);
  });

  it("keeps one message for a mail that reaches two mailboxes of the account", async () => {
    const other = await buildEmailChannel(test, account, { address: "sales@shop.example" });
    const raw = rawMail({ from: "both@customer.example", to: "support@shop.example, sales@shop.example", subject: "To both of you", text: "Who answers?" });
    const first = await receive(raw, channel);
    const second = await receive(raw, other);
    expect(second.inboundMessage.status).toBe("processed");
    expect(second.inboundMessage.messageId).toBe(first.inboundMessage.messageId);
    expect(await messagesOf(first.inboundMessage.conversationId!)).toHaveLength(1);
    const again = await receive(raw, channel);
    expect(again.isDuplicate).toBe(true);
  });

  it("keeps two different mails apart that a broken mailer gave the same Message-ID", async () => {
    const first = await receive(rawMail({ from: "same-id@customer.example", to: "support@shop.example", subject: "First", text: "one", messageId: "1@localhost" }));
    const second = await receive(rawMail({ from: "same-id@customer.example", to: "support@shop.example", subject: "Second", text: "two", messageId: "1@localhost" }));
    expect(second.isDuplicate).toBe(false);
    expect(second.inboundMessage.messageId).not.toBe(first.inboundMessage.messageId);
  });

  it("reads a mail again once a raised parse limit allows it", async () => {
    const raw = fixture("nested-multipart.eml").toString("latin1").replace("nested-1@customer.example", `nested-${unique()}@customer.example`);
    const limit = test.config.email.maxParseBytes;
    test.config.email.maxParseBytes = 1024;
    let message: any;
    try {
      const { inboundMessage } = await receive(Buffer.from(raw, "latin1"));
      [message] = await messagesOf(inboundMessage.conversationId!);
    } finally {
      test.config.email.maxParseBytes = limit;
    }
    expect(message.email.parseError).toMatch(/mails above 0\.0 MB are not read/);
    expect(message.attachments.map((attachment: any) => attachment.fileName)).toEqual(["original.eml"]);

    const reprocessed = await test.api.post(`/api/messages/${message.id}/email/reprocess`, { as: account.adminSession });
    expect(reprocessed.status).toBe(200);
    expect(reprocessed.body.data.email.parseError).toBeNull();
    expect(reprocessed.body.data.text).toContain("The box arrived damaged");
    expect(reprocessed.body.data.attachments.map((attachment: any) => attachment.fileName).sort()).toEqual(["damage.png", "invoice.pdf", "original.eml"]);
  });

  it("refuses to reprocess what is not a received mail", async () => {
    const { inboundMessage } = await receive(rawMail({ from: "r@customer.example", to: "support@shop.example", subject: "x", text: "y" }));
    const reply = await test.api.post(`/api/conversations/${inboundMessage.conversationId}/messages`, { as: account.adminSession, body: { text: "A note", isNote: true } });
    const response = await test.api.post(`/api/messages/${reply.body.data.id}/email/reprocess`, { as: account.adminSession });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("email_not_reprocessable");
  });
});
