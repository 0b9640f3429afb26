import { describe, expect, it } from "vitest";
import type { AttachmentView } from "../../../../common/views";
import { canSendEmail, defaultForwardMessageId, emailRequest, sendingEmailMessage } from "./email-compose";
import { type EmailDetails, emailContent, emailFrameDocument, splitAttachments } from "./email-view";

function emailDetails(body: Partial<EmailDetails["body"]> = {}, overrides: Partial<EmailDetails> = {}): EmailDetails {
  return {
    messageId: "m1@example.com",
    kind: "message",
    subject: "Order",
    from: { name: "Kim", address: "kim@example.com" },
    to: [{ name: null, address: "support@shop.example" }],
    cc: [],
    bcc: [],
    replyTo: [],
    sentAt: null,
    inReplyTo: null,
    body: { text: "", signature: null, quotedText: null, html: null, signatureHtml: null, quotedHtml: null, ...body },
    hasRemoteImages: false,
    remoteImagesAllowed: false,
    rawUrl: null,
    parseError: null,
    automation: null,
    isRateLimited: false,
    bounce: null,
    ...overrides,
  };
}

const attachment = (id: string, fileName: string): AttachmentView => ({ id, fileName, contentType: "image/png", byteSize: 10, url: `/api/attachments/${id}` });

describe("what a mail shows", () => {
  it("shows the new text and keeps signature and quoted history for one click", () => {
    const email = emailDetails({ text: "Where is it?", signature: "Kim Lee", quotedText: "On Monday, Shop wrote:\n> Shipped" });
    expect(emailContent({ text: "all" }, email, false)).toEqual({ kind: "text", text: "Where is it?", hasHiddenParts: true });
    expect(emailContent({ text: "all" }, email, true)).toEqual({ kind: "text", text: "Where is it?\n\nKim Lee\n\nOn Monday, Shop wrote:\n> Shipped", hasHiddenParts: true });
  });

  it("prefers the HTML, with its own signature and quote collapsed", () => {
    const email = emailDetails({ text: "Hi", html: "<p>Hi</p>", signatureHtml: "<div>Kim</div>", quotedHtml: "<blockquote>Old</blockquote>" });
    expect(emailContent({ text: "Hi" }, email, false)).toEqual({ kind: "html", html: "<p>Hi</p>", hasHiddenParts: true });
    expect(emailContent({ text: "Hi" }, email, true)).toEqual({ kind: "html", html: "<p>Hi</p>\n<div>Kim</div>\n<blockquote>Old</blockquote>", hasHiddenParts: true });
  });

  it("has nothing to expand when the mail has no signature or quote", () => {
    expect(emailContent({ text: "Hi" }, emailDetails({ text: "Hi", html: "<p>Hi</p>", signatureHtml: "  " }), false)).toEqual({ kind: "html", html: "<p>Hi</p>", hasHiddenParts: false });
  });

  it("falls back to the message text when a mail that could not be parsed has no body", () => {
    expect(emailContent({ text: "(raw mail attached)" }, emailDetails({}, { parseError: "broken MIME" }), false)).toEqual({ kind: "text", text: "(raw mail attached)", hasHiddenParts: false });
  });

  it("lists only the files the HTML does not show in place", () => {
    const inline = attachment("a1", "logo.png");
    const file = attachment("a2", "invoice.pdf");
    const email = emailDetails({ html: '<p>Hi</p><img src="/api/attachments/a1">' });
    expect(splitAttachments([inline, file], email)).toEqual({ files: [file], inline: [inline] });
    // Shown as text, every file is listed.
    expect(splitAttachments([inline, file], emailDetails({ text: "Hi" }))).toEqual({ files: [inline, file], inline: [] });
    expect(splitAttachments([inline, file], null)).toEqual({ files: [inline, file], inline: [] });
  });

  it("puts the HTML in a document that runs nothing and loads remote images only when allowed", () => {
    const blocked = emailFrameDocument("<p>Hi</p>", { allowRemoteImages: false, language: "en" });
    expect(blocked).toContain("<body><p>Hi</p></body>");
    expect(blocked).toContain("default-src 'none'; img-src 'self' data:;");
    expect(blocked).not.toContain("script-src");
    expect(blocked).toContain('<base target="_blank">');
    expect(emailFrameDocument("<p>Hi</p>", { allowRemoteImages: true })).toContain("img-src 'self' data: https: http:;");
    expect(emailFrameDocument("", { allowRemoteImages: false, language: '"><script>' })).toContain('lang="&#34;&#62;&#60;script&#62;"');
  });
});

describe("sending a mail", () => {
  const kim = { name: "Kim", address: "kim@example.com" };
  const max = { name: null, address: "max@example.com" };
  const base = { messageId: "m1", recipients: { to: [kim], cc: [max], bcc: [] }, subject: "Re: Order [#7]", text: "Hello", attachments: [attachment("f1", "a.png")] };

  it("asks the reply route for reply and reply-all, with the recipients as edited", () => {
    expect(emailRequest({ ...base, mode: "reply_all", status: "pending" })).toEqual({
      path: "reply",
      body: { mode: "reply_all", text: "Hello", attachmentIds: ["f1"], to: [kim], cc: [max], bcc: [], replyToMessageId: "m1", status: "pending" },
    });
    expect(emailRequest({ ...base, mode: "reply", messageId: null }).body).not.toHaveProperty("replyToMessageId");
  });

  it("asks the forward route with the mail to forward", () => {
    expect(emailRequest({ ...base, mode: "forward" })).toEqual({
      path: "forward",
      body: { messageId: "m1", to: [kim], cc: [max], bcc: [], text: "Hello", attachmentIds: ["f1"], includeAttachments: true },
    });
  });

  it("needs someone to write to, and for a reply something to say", () => {
    const nobody = { to: [], cc: [], bcc: [] };
    expect(canSendEmail({ mode: "reply", messageId: null, recipients: base.recipients, hasContent: true })).toBe(true);
    expect(canSendEmail({ mode: "reply", messageId: null, recipients: base.recipients, hasContent: false })).toBe(false);
    expect(canSendEmail({ mode: "reply_all", messageId: null, recipients: nobody, hasContent: true })).toBe(false);
    expect(canSendEmail({ mode: "reply", messageId: null, recipients: { to: [], cc: [max], bcc: [] }, hasContent: true })).toBe(true);
    // A forward may go without a note, but needs a mail and someone in To.
    expect(canSendEmail({ mode: "forward", messageId: "m1", recipients: { to: [kim], cc: [], bcc: [] }, hasContent: false })).toBe(true);
    expect(canSendEmail({ mode: "forward", messageId: "m1", recipients: { to: [], cc: [kim], bcc: [] }, hasContent: true })).toBe(false);
    expect(canSendEmail({ mode: "forward", messageId: null, recipients: base.recipients, hasContent: true })).toBe(false);
  });

  it("forwards the newest received mail unless the agent picks another", () => {
    const message = (id: string, direction: "in" | "out", options: { isNote?: boolean; isEmail?: boolean } = {}) =>
      ({ id, direction, isNote: options.isNote ?? false, email: options.isEmail === false ? null : emailDetails() }) as any;
    expect(defaultForwardMessageId([message("a", "in"), message("b", "in"), message("c", "out"), message("d", "out", { isNote: true })])).toBe("b");
    expect(defaultForwardMessageId([message("a", "out"), message("sending-1", "out")])).toBe("a");
    expect(defaultForwardMessageId([message("a", "in", { isEmail: false })])).toBeNull();
  });

  it("shows the mail being sent with its recipients", () => {
    const message = sendingEmailMessage(
      { ...base, mode: "reply_all" },
      { temporaryId: "sending-email-1", conversationId: "c1", author: { id: "a1", name: "Alex" }, from: { name: "Shop", address: "support@shop.example" }, now: new Date("2026-11-23T10:00:00Z") },
    );
    expect(message).toMatchObject({ id: "sending-email-1", direction: "out", deliveryStatus: "pending", text: "Hello", createdAt: "2026-11-23T10:00:00.000Z" });
    expect(message.email).toMatchObject({ kind: "reply_all", to: [kim], cc: [max], subject: "Re: Order [#7]", from: { address: "support@shop.example" }, body: { text: "Hello" } });
  });
});
