import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelRow } from "../../platform/db/rows.js";
import { buildEmailChannel, type CapturedMail, fixture, MailSink, rawMail, unique } from "../../test/email/email-test-kit.js";
import { buildAccount, buildAgent, eventually, type TestAccount } from "../../test/factories.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";

/** Replies sent to a loopback SMTP server and read back: headers, bodies, templates, failures, bounces. */
describe("email replies over SMTP", () => {
  let test: TestApp;
  let account: TestAccount;
  let channel: ChannelRow;
  let sink: MailSink;
  let agent: Awaited<ReturnType<typeof buildAgent>>;

  beforeAll(async () => {
    sink = await new MailSink().start();
    test = await createTestApp();
    account = await buildAccount(test);
    agent = await buildAgent(test, account, { name: "Anna Schmidt" });
    channel = await buildEmailChannel(test, account, {
      address: "support@shop.example",
      senderName: "Demo Shop Support",
      smtp: sink.smtpSettings,
      signature: "Demo Shop GmbH · Hauptstraße 1 · Berlin",
    });
  });
  afterAll(async () => {
    await test.close();
    await sink.stop();
  });

  const receive = async (raw: Buffer, on: ChannelRow = channel) => {
    const { inboundMessage } = await test.services.emailIntake.receiveRaw(on, raw, { kind: "test" });
    expect(inboundMessage.status).toBe("processed");
    return inboundMessage;
  };
  const sentMail = (headerMessageId: string): Promise<CapturedMail> => eventually(() => sink.mails.find((mail) => mail.parsed.messageId === `<${headerMessageId}>`));
  const messageOf = async (conversationId: string, messageId: string) =>
    ((await test.api.get(`/api/conversations/${conversationId}/messages`, { as: account.adminSession })).body.data as any[]).find((message) => message.id === messageId);
  const conversationCount = async () => (await test.api.get("/api/conversations/counts", { as: account.adminSession })).body.data.active as number;

  it("sends a reply with threading headers, HTML and text alternatives, the agent's name, template and signature", async () => {
    const firstId = `first-${unique()}@customer.example`;
    const inbound = await receive(rawMail({ from: "Kim Lee <kim@customer.example>", to: "support@shop.example", subject: "Where is my parcel?", text: "Order 10234.", messageId: firstId }));
    const response = await test.api.post(`/api/conversations/${inbound.conversationId}/email/reply`, {
      as: agent.session,
      body: { text: "Your parcel left our warehouse today.\nTracking: 123456" },
    });
    expect(response.status).toBe(201);
    const email = response.body.data.email;
    expect(email).toMatchObject({ kind: "reply", to: [{ name: "Kim Lee", address: "kim@customer.example" }], inReplyTo: firstId, from: { address: "support@shop.example" } });
    const mail = await sentMail(email.messageId);
    const number = (await test.api.get(`/api/conversations/${inbound.conversationId}`, { as: account.adminSession })).body.data.number;

    expect(mail.envelope).toEqual({ from: "support@shop.example", to: ["kim@customer.example"] });
    expect(mail.parsed.from!.value[0]).toEqual({ name: "Anna Schmidt (Demo Shop Support)", address: "support@shop.example" });
    expect(mail.parsed.subject).toBe(`Re: Where is my parcel? [#${number}]`);
    expect(mail.parsed.messageId).toMatch(/^<cd\.[a-z0-9]{16}\.[0-9a-f]{18}@shop\.example>$/);
    expect(mail.parsed.inReplyTo).toBe(`<${firstId}>`);
    expect(mail.parsed.headers.get("x-caredesk-loop")).toBe("support@shop.example");
    expect(mail.parsed.headers.get("auto-submitted")).toBeUndefined();
    expect(mail.parsed.text).toBe(
      `Hello Kim Lee,\n\nYour parcel left our warehouse today.\nTracking: 123456\n\nBest regards,\nAnna Schmidt\n\n-- \nDemo Shop GmbH · Hauptstraße 1 · Berlin\n\nYour request: #${number}. Simply reply to this email to continue the conversation.`,
    );
    expect(mail.parsed.html).toContain("<p>Your parcel left our warehouse today.<br />Tracking: 123456</p>");
    expect(mail.parsed.html).toContain("Demo Shop GmbH · Hauptstraße 1 · Berlin");

    const sent = await eventually(async () => {
      const message = await messageOf(inbound.conversationId!, response.body.data.id);
      return message.deliveryStatus === "sent" ? message : null;
    });
    expect(sent.externalId).toBe(email.messageId);
    // The raw source is what the customer received.
    const source = await test.app.inject({ method: "GET", url: sent.email.rawUrl, headers: { cookie: account.adminSession.cookie } });
    expect(source.rawPayload.equals(mail.raw)).toBe(true);
    expect(sent.email.body.text).toContain("Your parcel left our warehouse today.");
    expect(sent.email.body.signature).toContain("Demo Shop GmbH");
  });

  it("writes to a German customer in German", async () => {
    const raw = rawMail({ from: "Hannah Weber <hannah@customer.example>", to: "support@shop.example", subject: "Rechnung doppelt", text: "Bitte prüfen.", headers: { "Content-Language": "de-DE" } });
    const inbound = await receive(raw);
    const response = await test.api.post(`/api/conversations/${inbound.conversationId}/email/reply`, { as: agent.session, body: { text: "Wir haben die doppelte Buchung erstattet." } });
    const mail = await sentMail(response.body.data.email.messageId);
    expect(mail.parsed.text).toMatch(/^Hallo Hannah Weber,\n\nWir haben die doppelte Buchung erstattet\.\n\nViele Grüße\nAnna Schmidt\n/);
    expect(mail.parsed.text).toContain("Antworten Sie einfach auf diese E-Mail");
  });

  it("sends through the generic message endpoint too, answering the newest mail", async () => {
    const inbound = await receive(rawMail({ from: "plain@customer.example", to: "support@shop.example", subject: "Plain reply", text: "Hi" }));
    const response = await test.api.post(`/api/conversations/${inbound.conversationId}/messages`, { as: agent.session, body: { text: "Hello back" } });
    const sent = await eventually(async () => {
      const message = await messageOf(inbound.conversationId!, response.body.data.id);
      return message.deliveryStatus === "sent" ? message : null;
    });
    expect(sent.email).toMatchObject({ kind: "reply", to: [{ address: "plain@customer.example" }] });
    const mail = await sentMail(sent.email.messageId);
    expect(mail.parsed.inReplyTo).toMatch(/@customer\.example>$/);
  });

  it("prefills reply-all and forward drafts, and forwards a mail with its attachments", async () => {
    const inbound = await receive(Buffer.from(fixture("nested-multipart.eml").toString("latin1").replace("nested-1@", `nested-${unique()}@`), "latin1"));
    const draft = await test.api.get(`/api/conversations/${inbound.conversationId}/email/draft`, { as: agent.session, query: { mode: "reply_all" } });
    expect(draft.status).toBe(200);
    expect(draft.body.data).toMatchObject({ to: [{ address: "kim.lee@customer.example" }], cc: [], from: { address: "support@shop.example" } });
    expect(draft.body.data.subject).toMatch(/^Re: Photo of the damage \[#\d+\]$/);

    const forwarded = await test.api.post(`/api/conversations/${inbound.conversationId}/email/forward`, {
      as: agent.session,
      body: { messageId: inbound.messageId, to: [{ address: "claims@carrier.example", name: "Carrier Claims" }], text: "Please check this damage claim." },
    });
    expect(forwarded.status).toBe(201);
    const mail = await sentMail(forwarded.body.data.email.messageId);
    expect(mail.envelope.to).toEqual(["claims@carrier.example"]);
    expect(mail.parsed.subject).toMatch(/^Fwd: Photo of the damage \[#\d+\]$/);
    expect(mail.parsed.inReplyTo).toBeUndefined();
    expect(mail.parsed.text).toContain("Please check this damage claim.");
    expect(mail.parsed.text).toContain("---------- Forwarded message ----------\nFrom: Kim Lee <kim.lee@customer.example>");
    expect(mail.parsed.text).toContain("The box arrived damaged, see the photo.");
    expect(mail.parsed.text).not.toMatch(/^Hello/);
    expect(mail.parsed.attachments.map((attachment) => attachment.filename).sort()).toEqual(["damage.png", "invoice.pdf"]);

    // The carrier's answer threads back into the conversation.
    const answer = await receive(
      rawMail({ from: "claims@carrier.example", to: "support@shop.example", subject: `Re: ${mail.parsed.subject}`, text: "Claim accepted.", inReplyTo: mail.parsed.messageId!.slice(1, -1) }),
    );
    expect(answer.conversationId).toBe(inbound.conversationId);
  });

  it("marks a refused reply failed with the server's reason, and sends the same mail when retried", async () => {
    const inbound = await receive(rawMail({ from: "refused@customer.example", to: "support@shop.example", subject: "Refused", text: "x" }));
    sink.refuseWith = { code: 550, message: "5.7.1 Relaying denied" };
    let messageId: string;
    try {
      const response = await test.api.post(`/api/conversations/${inbound.conversationId}/email/reply`, { as: agent.session, body: { text: "Answer" } });
      messageId = response.body.data.id;
      const failed = await eventually(async () => {
        const message = await messageOf(inbound.conversationId!, messageId);
        return message.deliveryStatus === "failed" ? message : null;
      });
      expect(failed.deliveryError).toContain("5.7.1 Relaying denied");
      expect(failed.email.rawUrl).not.toBeNull();
    } finally {
      sink.refuseWith = null;
    }
    const retried = await test.api.post(`/api/messages/${messageId}/retry`, { as: agent.session });
    expect(retried.status).toBe(200);
    const sent = await eventually(async () => {
      const message = await messageOf(inbound.conversationId!, messageId);
      return message.deliveryStatus === "sent" ? message : null;
    });
    const mail = await sentMail(sent.email.messageId);
    expect(mail.parsed.text).toContain("Answer");
  });

  it("keeps a reply pending with the reason when the server refuses for now", async () => {
    const inbound = await receive(rawMail({ from: "later@customer.example", to: "support@shop.example", subject: "Later", text: "x" }));
    sink.refuseWith = { code: 451, message: "4.3.0 Try again later" };
    try {
      const response = await test.api.post(`/api/conversations/${inbound.conversationId}/email/reply`, { as: agent.session, body: { text: "Answer" } });
      const pending = await eventually(async () => {
        const message = await messageOf(inbound.conversationId!, response.body.data.id);
        return message.deliveryError ? message : null;
      });
      expect(pending.deliveryStatus).toBe("pending");
      expect(pending.deliveryError).toContain("4.3.0 Try again later");
      expect(pending.deliveryError).toContain("Retrying");
    } finally {
      sink.refuseWith = null;
    }
  });

  it("marks the reply failed when a bounce reports it, instead of opening a conversation", async () => {
    const inbound = await receive(rawMail({ from: "gone@customer.example", to: "support@shop.example", subject: "Bouncing", text: "x" }));
    const response = await test.api.post(`/api/conversations/${inbound.conversationId}/email/reply`, { as: agent.session, body: { text: "Answer" } });
    const headerMessageId = response.body.data.email.messageId;
    await sentMail(headerMessageId);
    await eventually(async () => (await messageOf(inbound.conversationId!, response.body.data.id)).deliveryStatus === "sent");
    const before = await conversationCount();

    const dsn = fixture("bounce-dsn.eml.template").toString().replaceAll("{{MESSAGE_ID}}", headerMessageId).replaceAll("{{RECIPIENT}}", "gone@customer.example");
    const result = await test.services.emailIntake.receiveRaw(channel, Buffer.from(dsn), { kind: "test" });
    expect(result.inboundMessage.status).toBe("processed");
    expect(result.inboundMessage.conversationId).toBe(inbound.conversationId);
    expect(result.inboundMessage.messageId).toBeNull();
    expect(await conversationCount()).toBe(before);
    const bounced = await messageOf(inbound.conversationId!, response.body.data.id);
    expect(bounced.deliveryStatus).toBe("failed");
    expect(bounced.deliveryError).toContain("gone@customer.example");
    expect(bounced.deliveryError).toContain("5.1.1");
    expect(bounced.email.bounce).toMatchObject({ recipient: "gone@customer.example", status: "5.1.1" });
  });

  describe("automatic acknowledgement and loops", () => {
    let acknowledging: ChannelRow;

    beforeAll(async () => {
      acknowledging = await buildEmailChannel(test, account, {
        address: "orders@shop.example",
        senderName: "Demo Shop",
        smtp: sink.smtpSettings,
        autoAcknowledgement: true,
        senderRateLimit: { maxMails: 3, windowMinutes: 60 },
      });
    });

    const acknowledgementsTo = (address: string) => sink.mails.filter((mail) => mail.envelope.to.includes(address) && mail.parsed.headers.get("auto-submitted") === "auto-replied");

    it("acknowledges a new conversation with its number, in the customer's language", async () => {
      const address = `new-${unique()}@customer.example`;
      const inbound = await receive(rawMail({ from: `Lukas Müller <${address}>`, to: "orders@shop.example", subject: "Bestellung", text: "Wo ist sie?", headers: { "Content-Language": "de" } }), acknowledging);
      const number = (await test.api.get(`/api/conversations/${inbound.conversationId}`, { as: account.adminSession })).body.data.number;
      const [acknowledgement] = await eventually(() => (acknowledgementsTo(address).length ? acknowledgementsTo(address) : null));
      expect(acknowledgement!.parsed.subject).toBe(`Re: Bestellung [#${number}]`);
      expect(acknowledgement!.parsed.text).toContain(`Ihre Anfragenummer ist #${number}.`);
      expect(acknowledgement!.parsed.text).toMatch(/^Hallo Lukas Müller,/);
      expect(acknowledgement!.parsed.headers.get("x-auto-response-suppress")).toBe("All");
      expect(acknowledgement!.parsed.inReplyTo).toMatch(/@customer\.example>$/);
      const messages = (await test.api.get(`/api/conversations/${inbound.conversationId}/messages`, { as: account.adminSession })).body.data;
      expect(messages.map((message: any) => [message.authorType, message.email.kind])).toEqual([
        ["customer", "message"],
        ["system", "acknowledgement"],
      ]);
      // It is no first response for the SLA.
      expect((await test.api.get(`/api/conversations/${inbound.conversationId}`, { as: account.adminSession })).body.data.firstResponseAt).toBeNull();

      // A follow-up in the same conversation is not acknowledged again.
      await receive(rawMail({ from: address, to: "orders@shop.example", subject: `Re: Bestellung [#${number}]`, text: "Noch da?" }), acknowledging);
      expect(acknowledgementsTo(address)).toHaveLength(1);
    });

    it("never acknowledges automatic mail, mailing lists or no-reply senders", async () => {
      const senders: Array<{ from: string; headers: Record<string, string> }> = [
        { from: `ooo-${unique()}@customer.example`, headers: { "Auto-Submitted": "auto-replied" } },
        { from: `list-${unique()}@customer.example`, headers: { Precedence: "bulk" } },
        { from: `news-${unique()}@customer.example`, headers: { "List-Id": "<news.customer.example>" } },
        { from: `noreply-${unique()}@customer.example`.replace(/^noreply-[0-9a-f]+/, "noreply"), headers: {} },
        { from: `mailer-daemon@${unique()}.customer.example`, headers: {} },
      ];
      const conversations: string[] = [];
      for (const sender of senders) {
        const inbound = await receive(rawMail({ from: sender.from, to: "orders@shop.example", subject: "Automatic", text: "I am a robot.", headers: sender.headers }), acknowledging);
        conversations.push(inbound.conversationId!);
        const [message] = (await test.api.get(`/api/conversations/${inbound.conversationId}/messages`, { as: account.adminSession })).body.data;
        expect(message.email.automation).not.toBeNull();
      }
      // A person's mail after them is acknowledged: so the robots' were not just late.
      const person = `person-${unique()}@customer.example`;
      await receive(rawMail({ from: person, to: "orders@shop.example", subject: "Real question", text: "Hello" }), acknowledging);
      await eventually(() => acknowledgementsTo(person).length === 1);
      for (const sender of senders) expect(acknowledgementsTo(sender.from)).toHaveLength(0);
      expect(new Set(conversations).size).toBe(senders.length);
    });

    it("treats a contact form's mail as the customer's: identified by Reply-To, acknowledged to them", async () => {
      const customer = `form-user-${unique()}@customer.example`;
      const inbound = await receive(
        rawMail({ from: "Shop Website <no-reply@shop.example>", to: "orders@shop.example", subject: "Contact form", text: "Name: Mia\nMessage: Do you sell gift cards?", headers: { "Reply-To": `Mia Meyer <${customer}>` } }),
        acknowledging,
      );
      const conversation = (await test.api.get(`/api/conversations/${inbound.conversationId}`, { as: account.adminSession })).body.data;
      expect(conversation.customer.name).toBe("Mia Meyer");
      const [message] = (await test.api.get(`/api/conversations/${inbound.conversationId}/messages`, { as: account.adminSession })).body.data;
      expect(message.email.automation).toBeNull();
      await eventually(() => acknowledgementsTo(customer).length === 1);
      expect(acknowledgementsTo("no-reply@shop.example")).toHaveLength(0);
    });

    it("stops a mail loop: over the rate limit, a sender's mail joins their latest conversation unanswered", async () => {
      const looping = `loop-${unique()}@customer.example`;
      const conversations: string[] = [];
      for (let index = 0; index < 6; index += 1) {
        const inbound = await receive(rawMail({ from: looping, to: "orders@shop.example", subject: `Auto message ${index}`, text: `number ${index}` }), acknowledging);
        conversations.push(inbound.conversationId!);
      }
      expect(new Set(conversations.slice(0, 3)).size).toBe(3);
      expect(new Set(conversations.slice(2)).size).toBe(1);
      const messages = (await test.api.get(`/api/conversations/${conversations[5]}/messages`, { as: account.adminSession })).body.data;
      expect(messages.filter((message: any) => message.email.isRateLimited)).toHaveLength(3);
      await eventually(() => acknowledgementsTo(looping).length === 3);
      expect(acknowledgementsTo(looping)).toHaveLength(3);
    });
  });
});
