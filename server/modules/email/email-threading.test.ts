import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelRow } from "../../platform/db/rows.js";
import { buildEmailChannel, type CapturedMail, MailSink, rawMail, unique } from "../../test/email/email-test-kit.js";
import { buildAccount, eventually, type TestAccount } from "../../test/factories.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";

describe("email threading", () => {
  let test: TestApp;
  let account: TestAccount;
  let channel: ChannelRow;
  let sink: MailSink;

  beforeAll(async () => {
    sink = await new MailSink().start();
    test = await createTestApp();
    account = await buildAccount(test);
    channel = await buildEmailChannel(test, account, { address: "support@shop.example", smtp: sink.smtpSettings });
  });
  afterAll(async () => {
    await test.close();
    await sink.stop();
  });

  const customerWrites = async (raw: Buffer) => {
    const { inboundMessage } = await test.services.emailIntake.receiveRaw(channel, raw, { kind: "test" });
    expect(inboundMessage.status).toBe("processed");
    return { conversationId: inboundMessage.conversationId!, messageId: inboundMessage.messageId };
  };
  const agentReplies = async (conversationId: string, body: Record<string, unknown> = { text: "Your parcel is on its way." }): Promise<CapturedMail> => {
    const response = await test.api.post(`/api/conversations/${conversationId}/email/reply`, { as: account.adminSession, body });
    expect(response.status).toBe(201);
    const headerMessageId = response.body.data.email.messageId as string;
    return eventually(() => sink.mails.find((mail) => mail.parsed.messageId === `<${headerMessageId}>`));
  };
  const conversationNumber = async (conversationId: string) =>
    (await test.api.get(`/api/conversations/${conversationId}`, { as: account.adminSession })).body.data.number as number;
  const idOf = (mail: CapturedMail) => mail.parsed.messageId!.replace(/^<|>$/g, "");

  it("threads the customer's reply to our reply into the same conversation", async () => {
    const kim = `kim-${unique()}@customer.example`;
    const firstId = `first-${unique()}@customer.example`;
    const first = await customerWrites(rawMail({ from: `Kim Lee <${kim}>`, to: "support@shop.example", subject: "Where is my parcel?", text: "It is late.", messageId: firstId }));
    const sent = await agentReplies(first.conversationId);
    expect(sent.parsed.inReplyTo).toBe(`<${firstId}>`);
    expect(sent.parsed.references).toEqual(`<${firstId}>`);
    expect(sent.parsed.subject).toBe(`Re: Where is my parcel? [#${await conversationNumber(first.conversationId)}]`);

    const reply = await customerWrites(
      rawMail({ from: `Kim Lee <${kim}>`, to: "support@shop.example", subject: `Re: ${sent.parsed.subject}`, text: "Thanks!", inReplyTo: idOf(sent), references: [firstId, idOf(sent)] }),
    );
    expect(reply.conversationId).toBe(first.conversationId);
  });

  it("opens a new conversation for a stranger's mail, whatever subject, marker or Message-ID it quotes", async () => {
    const kim = `kim-${unique()}@customer.example`;
    const first = await customerWrites(rawMail({ from: kim, to: "support@shop.example", subject: "Invoice is wrong", text: "Please fix it." }));
    const sent = await agentReplies(first.conversationId);
    const number = await conversationNumber(first.conversationId);

    const sameSubject = await customerWrites(rawMail({ from: `stranger-${unique()}@other.example`, to: "support@shop.example", subject: "Invoice is wrong", text: "Mine too." }));
    expect(sameSubject.conversationId).not.toBe(first.conversationId);
    const withMarker = await customerWrites(rawMail({ from: `stranger-${unique()}@other.example`, to: "support@shop.example", subject: `Re: Invoice is wrong [#${number}]`, text: "Me too." }));
    expect(withMarker.conversationId).not.toBe(first.conversationId);
    const withHeaders = await customerWrites(
      rawMail({ from: `stranger-${unique()}@other.example`, to: "support@shop.example", subject: sent.parsed.subject!, text: "Hi", inReplyTo: idOf(sent), references: [idOf(sent)] }),
    );
    expect(withHeaders.conversationId).not.toBe(first.conversationId);
    expect(new Set([sameSubject.conversationId, withMarker.conversationId, withHeaders.conversationId]).size).toBe(3);
  });

  it("threads by References without In-Reply-To, by the token in our Message-ID, and by the subject marker", async () => {
    const kim = `kim-${unique()}@customer.example`;
    const firstId = `first-${unique()}@customer.example`;
    const first = await customerWrites(rawMail({ from: kim, to: "support@shop.example", subject: "Refund", text: "When?", messageId: firstId }));
    const sent = await agentReplies(first.conversationId);
    const number = await conversationNumber(first.conversationId);

    const byReferences = await customerWrites(rawMail({ from: kim, to: "support@shop.example", subject: "Re: Refund", text: "a", references: [firstId] }));
    expect(byReferences.conversationId).toBe(first.conversationId);
    // A mail client that rewrote our Message-ID's random part still carries the conversation's token.
    const tokenOnly = idOf(sent).replace(/\.[0-9a-f]+@/, ".000000000000000000@");
    const byToken = await customerWrites(rawMail({ from: kim, to: "support@shop.example", subject: "Re: Refund", text: "b", inReplyTo: tokenOnly }));
    expect(byToken.conversationId).toBe(first.conversationId);
    const byMarker = await customerWrites(rawMail({ from: kim, to: "support@shop.example", subject: `Still waiting [#${number}]`, text: "c" }));
    expect(byMarker.conversationId).toBe(first.conversationId);
    const fresh = await customerWrites(rawMail({ from: kim, to: "support@shop.example", subject: "A new question", text: "d" }));
    expect(fresh.conversationId).not.toBe(first.conversationId);
  });

  it("threads a reply sent to the reply address with the conversation's token", async () => {
    const tokened = await buildEmailChannel(test, account, { address: "help@shop.example", smtp: sink.smtpSettings, replyAddressTokens: true });
    const kim = `kim-${unique()}@customer.example`;
    const { inboundMessage } = await test.services.emailIntake.receiveRaw(tokened, rawMail({ from: kim, to: "help@shop.example", subject: "Size", text: "M or L?" }), { kind: "test" });
    const sent = await agentReplies(inboundMessage.conversationId!);
    const replyTo = sent.parsed.replyTo!.value[0]!.address!;
    expect(replyTo).toMatch(/^help\+cd-[a-z0-9]{16}@shop\.example$/);
    // A client that drops every header but answers to the reply address.
    const reply = await test.services.emailIntake.receiveRaw(tokened, rawMail({ from: kim, to: replyTo, subject: "Size", text: "L please" }), { kind: "test" });
    expect(reply.inboundMessage.conversationId).toBe(inboundMessage.conversationId);
    // Our own reply address is no participant.
    const draft = await test.api.get(`/api/conversations/${inboundMessage.conversationId}/email/draft`, { as: account.adminSession, query: { mode: "reply_all" } });
    expect(draft.body.data.participants).toEqual([]);
    expect(draft.body.data.cc).toEqual([]);
  });

  it("lets the people in Cc reply into the conversation, and reply-all keeps them", async () => {
    const kim = `kim-${unique()}@customer.example`;
    const colleague = `colleague-${unique()}@customer.example`;
    const first = await customerWrites(rawMail({ from: kim, to: "support@shop.example", cc: `Colleague <${colleague}>`, subject: "Team order", text: "Cc my colleague." }));
    const sent = await agentReplies(first.conversationId, { mode: "reply_all", text: "Noted." });
    expect(sent.parsed.to!).toMatchObject({ value: [{ address: kim }] });
    expect(sent.parsed.cc).toMatchObject({ value: [{ address: colleague, name: "Colleague" }] });
    expect(sent.envelope.to.sort()).toEqual([colleague, kim].sort());

    const fromColleague = await customerWrites(rawMail({ from: colleague, to: "support@shop.example", subject: `Re: ${sent.parsed.subject}`, text: "I agree.", inReplyTo: idOf(sent) }));
    expect(fromColleague.conversationId).toBe(first.conversationId);
    const messages = (await test.api.get(`/api/conversations/${first.conversationId}/messages`, { as: account.adminSession })).body.data;
    expect(messages.at(-1).email.from.address).toBe(colleague);
  });

  it("opens a new conversation when the mail answers a closed one", async () => {
    const kim = `kim-${unique()}@customer.example`;
    const first = await customerWrites(rawMail({ from: kim, to: "support@shop.example", subject: "Old matter", text: "x" }));
    const sent = await agentReplies(first.conversationId);
    await test.api.patch(`/api/conversations/${first.conversationId}`, { as: account.adminSession, body: { status: "closed" } });
    const later = await customerWrites(rawMail({ from: kim, to: "support@shop.example", subject: `Re: ${sent.parsed.subject}`, text: "It broke again.", inReplyTo: idOf(sent) }));
    expect(later.conversationId).not.toBe(first.conversationId);
  });
});
