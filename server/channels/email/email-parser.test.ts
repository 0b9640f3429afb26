import { describe, expect, it } from "vitest";
import { fixture, rawMail } from "../../test/email/email-test-kit.js";
import { automationOf } from "./automated-mail.js";
import { deliveryReportOf } from "./delivery-status.js";
import { guessLanguage, parseEmail } from "./email-parser.js";
import { relatedGroups, uidSet } from "./imap-poller.js";
import { splitHtml, splitText } from "./quoted-text.js";
import { dedupeKeyOf, readHeaders } from "./raw-mail.js";
import { readTnefFiles } from "./tnef.js";

const own = new Set(["support@shop.example"]);
const parse = (raw: Buffer) => parseEmail(raw, { maxParseBytes: 50 * 1024 * 1024, ownAddresses: own });

describe("email parsing", () => {
  it("never throws, even on bytes that are no mail at all", async () => {
    for (const raw of [Buffer.alloc(0), Buffer.from([0, 1, 2, 255, 254, 10, 13]), Buffer.from("just a line of text")]) {
      const parsed = await parse(raw);
      expect(parsed.parseError).toBe("The mail has no header section; the raw text is shown.");
    }
  });

  it("keeps the raw body visible when the MIME boundary is broken", async () => {
    const parsed = await parse(fixture("broken-boundary.eml"));
    expect(parsed.parseError).toContain('"declared-boundary"');
    expect(parsed.text).toContain("The order number is 10999 and the item is missing.");
    expect(parsed.headerMessageId).toBe("broken-1@customer.example");
  });

  it("derives readable text from an HTML-only mail, without link targets or scripts", async () => {
    const parsed = await parse(fixture("script-html.eml"));
    expect(parsed.text).toBe("Hello support,\n\nmy order order page");
  });

  it("unpacks winmail.dat into its files", async () => {
    const parsed = await parse(fixture("winmail-dat.eml"));
    expect(parsed.attachments.map((attachment) => [attachment.fileName, attachment.content.toString()])).toEqual([
      ["serial.txt", "Serial number: 4711-0815\nPurchased: 2024-05-01\n"],
    ]);
    expect(readTnefFiles(Buffer.from("not tnef"))).toEqual([]);
  });

  it("takes the language from Content-Language, else from the words used", async () => {
    expect((await parse(rawMail({ from: "a@b.example", to: "c@d.example", subject: "x", text: "x", headers: { "Content-Language": "de-AT" } }))).language).toBe("de");
    expect((await parse(fixture("windows-1252.eml"))).language).toBe("de");
    expect((await parse(fixture("gmail-reply.eml"))).language).toBe("en");
    expect(guessLanguage("ok 123")).toBeNull();
  });
});

describe("splitting new text, signature and quoted history", () => {
  it("leaves a mail without history alone", () => {
    expect(splitText("Hello,\n\nwhere is my parcel?\n\nKim")).toEqual({ body: "Hello,\n\nwhere is my parcel?\n\nKim", signature: null, quoted: null });
  });

  it("recognises wrapped reply headers and trailing quote blocks", () => {
    const text = "Yes, please.\n\nOn Mon, 3 Jun 2024 at 11:00, Support Team\n<support@shop.example> wrote:\n> Shall we refund?";
    expect(splitText(text)).toEqual({ body: "Yes, please.", signature: null, quoted: "On Mon, 3 Jun 2024 at 11:00, Support Team\n<support@shop.example> wrote:\n> Shall we refund?" });
    expect(splitText("Thanks\n\n> old\n> older\n")).toEqual({ body: "Thanks", signature: null, quoted: "> old\n> older" });
    // An interleaved answer is left whole.
    expect(splitText("> question one\nanswer one\n> question two\nanswer two").quoted).toBeNull();
  });

  it("finds German reply headers and mobile signatures", () => {
    expect(splitText("Danke!\n\nAm 03.06.2024 um 11:00 schrieb Support <support@shop.example>:\n> Hallo").quoted).toMatch(/^Am 03\.06\.2024/);
    expect(splitText("Danke!\n\nVon meinem iPhone gesendet")).toEqual({ body: "Danke!", signature: "Von meinem iPhone gesendet", quoted: null });
  });

  it("shows everything when only quoted text would be left", () => {
    const forward = "---------- Forwarded message ----------\nFrom: Shop <orders@shop.example>\n\nYour order";
    expect(splitText(forward)).toEqual({ body: forward, signature: null, quoted: null });
  });

  it("splits HTML at the quote markers of Gmail, Apple Mail and Outlook", () => {
    expect(splitHtml('<div>New</div><div class="gmail_quote">old</div>')).toEqual({ body: "<div>New</div>", signature: null, quoted: '<div class="gmail_quote">old</div>' });
    expect(splitHtml('<p>New</p><blockquote type="cite">old</blockquote>').quoted).toBe('<blockquote type="cite">old</blockquote>');
    expect(splitHtml('<p>Neu</p><div id="divRplyFwdMsg">Von: x</div><div>alt</div>').body).toBe("<p>Neu</p>");
    expect(splitHtml('<div class="gmail_quote">only a quote</div>')).toEqual({ body: '<div class="gmail_quote">only a quote</div>', signature: null, quoted: null });
  });
});

describe("automatic mail", () => {
  const automation = (headers: Record<string, string>, from = "kim@customer.example") =>
    automationOf(readHeaders(rawMail({ from, to: "support@shop.example", subject: "x", text: "x", headers })), from, own);

  it("recognises RFC 3834 and the headers mail systems use", () => {
    expect(automation({})).toBeNull();
    expect(automation({ "Auto-Submitted": "no" })).toBeNull();
    expect(automation({ "Auto-Submitted": "auto-replied" })).toBe("auto-submitted: auto-replied");
    expect(automation({ Precedence: "list" })).toBe("precedence: list");
    expect(automation({ "List-Unsubscribe": "<mailto:u@x.example>" })).toBe("mailing list");
    expect(automation({ "X-Auto-Response-Suppress": "OOF, AutoReply" })).toMatch(/^x-auto-response-suppress/);
    expect(automation({ "Return-Path": "<>" })).toBe("null return path");
    expect(automation({ "X-Loop": "support@shop.example" })).toBe("x-loop: this mailbox");
    expect(automation({}, "no-reply@shop.example")).toBe("no-reply sender: no-reply@shop.example");
    expect(automation({}, "MAILER-DAEMON@mx.example")).toMatch(/^no-reply sender/);
  });
});

describe("delivery status notifications", () => {
  it("reads the original Message-ID, recipient, status and diagnostic", () => {
    const raw = Buffer.from(fixture("bounce-dsn.eml.template").toString().replaceAll("{{MESSAGE_ID}}", "cd.abc.1@shop.example").replaceAll("{{RECIPIENT}}", "gone@customer.example"));
    const report = deliveryReportOf(raw, readHeaders(raw), "mailer-daemon@mx.customer.example");
    expect(report).toEqual({
      originalMessageIds: ["cd.abc.1@shop.example"],
      isPermanent: true,
      recipient: "gone@customer.example",
      status: "5.1.1",
      diagnostic: "smtp; 550 5.1.1 <gone@customer.example>: Recipient address rejected: User unknown in virtual mailbox table",
    });
  });

  it("treats a delay as temporary and an ordinary mail as no report", () => {
    const delayed = Buffer.from(fixture("bounce-dsn.eml.template").toString().replace("Action: failed", "Action: delayed").replace("Status: 5.1.1", "Status: 4.4.1"));
    expect(deliveryReportOf(delayed, readHeaders(delayed), "mailer-daemon@mx.example")!.isPermanent).toBe(false);
    const ordinary = fixture("gmail-reply.eml");
    expect(deliveryReportOf(ordinary, readHeaders(ordinary), "kim.lee@customer.example")).toBeNull();
  });
});

describe("identity of a mail", () => {
  it("is the same for the same mail with other transport headers, different for another body", () => {
    const mail = rawMail({ from: "a@b.example", to: "c@d.example", subject: "x", text: "Hello", messageId: "same@b.example" });
    const relayed = Buffer.concat([Buffer.from("Received: from mx by mx2\r\nDelivered-To: sales@d.example\r\n"), mail]);
    expect(dedupeKeyOf(relayed)).toBe(dedupeKeyOf(mail));
    expect(dedupeKeyOf(rawMail({ from: "a@b.example", to: "c@d.example", subject: "x", text: "Other", messageId: "same@b.example" }))).not.toBe(dedupeKeyOf(mail));
    expect(dedupeKeyOf(fixture("missing-message-id.eml"))).toMatch(/^no-message-id#/);
  });

  it("groups a batch of mails that may thread together, keeping their order", () => {
    const mails = new Map<number, Buffer>([
      [1, rawMail({ from: "a@customer.example", to: "support@shop.example", subject: "A", text: "x", messageId: "a1@customer.example" })],
      [2, rawMail({ from: "b@customer.example", to: "support@shop.example", subject: "B", text: "x" })],
      [3, rawMail({ from: "c@customer.example", to: "support@shop.example", subject: "Re: A", text: "x", inReplyTo: "a1@customer.example" })],
      [4, rawMail({ from: "b@customer.example", to: "support+x@shop.example", subject: "B again", text: "x" })],
      [5, rawMail({ from: "d@customer.example", to: "support@shop.example", cc: "e@customer.example", subject: "D", text: "x" })],
      [6, rawMail({ from: "e@customer.example", to: "support@shop.example", subject: "Re: D [#7]", text: "x" })],
      [7, rawMail({ from: "f@customer.example", to: "support@shop.example", subject: "About [#7]", text: "x" })],
    ]);
    expect(relatedGroups([1, 2, 3, 4, 5, 6, 7], mails, own)).toEqual([[1, 3], [2, 4], [5, 6, 7]]);
  });

  it("writes UID sets compactly", () => {
    expect(uidSet([5, 1, 2, 3, 9, 10, 7])).toBe("1:3,5,7,9:10");
    expect(uidSet([42])).toBe("42");
  });
});
