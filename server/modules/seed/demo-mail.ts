import { randomUUID } from "node:crypto";

/** Demo data only: the address of the demo email channel. */
export const DEMO_SUPPORT_ADDRESS = "support@demo-shop.example";

export type DemoMail = {
  subject: string;
  raw: Buffer;
  status: "new" | "open";
  team: "firstLevel" | "billing";
  agent?: "anna";
  tags: string[];
  language: "en" | "de";
  hoursAgo: number;
};

// A small PNG (a label with two lines of print), so the demo mail has a real attachment.
const LABEL_PNG =
  "iVBORw0KGgoAAAANSUhEUgAAADAAAAAgCAIAAADbtmxLAAAAO0lEQVR42u3UQQ0AQAgDQZTgXx4SzsQlQJgqmE83ctgCCOgzqDoGBHQKpEPC6GVAOgSkQ0BAwiiMy0EP+PB8E/vjTtUAAAAASUVORK5CYII=";

/**
 * Mails as customers' mail programs write them, to show what the agent app does with mail:
 * Cc, the quoted earlier mail and the signature collapsed, an attachment, a blocked remote
 * image. One in English (HTML and text, as Gmail sends it), one in German (plain text).
 */
export function demoMails(now = Date.now()): DemoMail[] {
  return [
    {
      subject: "Re: Your order #10388 has shipped",
      status: "open",
      team: "firstLevel",
      tags: ["delivery", "exchange"],
      language: "en",
      hoursAgo: 1.5,
      raw: englishMail(new Date(now - 1.5 * 3_600_000)),
    },
    {
      subject: "Rechnung RE-8812 – falsche Anschrift",
      status: "open",
      team: "billing",
      agent: "anna",
      tags: ["invoice"],
      language: "de",
      hoursAgo: 4,
      raw: germanMail(new Date(now - 4 * 3_600_000)),
    },
  ];
}

function englishMail(date: Date): Buffer {
  const earlier = "Mon, 16 Nov 2026 at 09:12";
  const text = [
    "Hi there,",
    "",
    "the parcel for order #10388 arrived today, but the rain jacket inside is a size M. I ordered an L, and the label on the bag says M too (photo attached).",
    "",
    "Could you send me the jacket in L and a return label for this one? My husband James is in Cc: he works from home and can take the parcel.",
    "",
    "Thanks,",
    "Sarah",
    "",
    "-- ",
    "Sarah Thompson",
    "Thompson Design Studio · +44 20 7946 0321",
    "",
    `On ${earlier}, Demo Shop Support <${DEMO_SUPPORT_ADDRESS}> wrote:`,
    "> Hello Sarah Thompson,",
    ">",
    "> good news: your order #10388 (1 × rain jacket \"Coastline\", size L) has left our warehouse.",
    "> It will arrive within 2–3 business days.",
    ">",
    "> Best regards,",
    "> Demo Shop Support",
  ].join("\r\n");
  const html = [
    '<div dir="ltr">',
    "<p>Hi there,</p>",
    "<p>the parcel for order #10388 arrived today, but the rain jacket inside is a <b>size M</b>. I ordered an L, and the label on the bag says M too (photo attached).</p>",
    "<p>Could you send me the jacket in L and a return label for this one? My husband James is in Cc: he works from home and can take the parcel.</p>",
    "<p>Thanks,<br>Sarah</p>",
    '<div class="gmail_signature">-- <br>Sarah Thompson<br>Thompson Design Studio · +44 20 7946 0321<br>',
    '<img src="https://thompson-design.example/signature-logo.png" alt="Thompson Design Studio" width="120" height="32"></div>',
    "</div>",
    `<div class="gmail_quote"><div dir="ltr" class="gmail_attr">On ${earlier}, Demo Shop Support &lt;${DEMO_SUPPORT_ADDRESS}&gt; wrote:<br></div>`,
    '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">',
    "<p>Hello Sarah Thompson,</p>",
    "<p>good news: your order #10388 (1 × rain jacket “Coastline”, size L) has left our warehouse. It will arrive within 2–3 business days.</p>",
    "<p>Best regards,<br>Demo Shop Support</p>",
    "</blockquote></div>",
  ].join("\r\n");
  return mime({
    from: "Sarah Thompson <sarah.thompson@example.com>",
    to: `Demo Shop Support <${DEMO_SUPPORT_ADDRESS}>`,
    cc: "James Thompson <james.thompson@example.com>",
    subject: "Re: Your order #10388 has shipped",
    date,
    inReplyTo: `shipping-10388.${randomUUID()}@demo-shop.example`,
    headers: ["Content-Language: en-GB"],
    body: [
      'Content-Type: multipart/mixed; boundary="demo-mixed"',
      "",
      "--demo-mixed",
      'Content-Type: multipart/alternative; boundary="demo-alternative"',
      "",
      "--demo-alternative",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      "",
      text,
      "--demo-alternative",
      "Content-Type: text/html; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      "",
      html,
      "--demo-alternative--",
      "--demo-mixed",
      'Content-Type: image/png; name="size-label.png"',
      'Content-Disposition: attachment; filename="size-label.png"',
      "Content-Transfer-Encoding: base64",
      "",
      LABEL_PNG,
      "--demo-mixed--",
    ],
  });
}

function germanMail(date: Date): Buffer {
  const text = [
    "Guten Tag,",
    "",
    "auf der Rechnung RE-8812 steht noch unsere alte Anschrift (Lindenstraße 4). Seit Oktober sitzen wir in der Gartenstraße 12, 80331 München.",
    "",
    "Könnten Sie die Rechnung bitte mit der neuen Anschrift neu ausstellen? Unsere Buchhaltung steht in Cc und braucht die korrigierte Rechnung bis Monatsende.",
    "",
    "Vielen Dank und freundliche Grüße",
    "Katrin Vogel",
    "",
    "-- ",
    "Katrin Vogel",
    "Einkauf · Vogel GmbH",
    "Gartenstraße 12 · 80331 München · Tel. +49 89 1234567",
    "",
    `Am 18.11.2026 um 09:14 schrieb Demo Shop Support <${DEMO_SUPPORT_ADDRESS}>:`,
    "> Guten Tag Katrin Vogel,",
    ">",
    "> anbei erhalten Sie die Rechnung RE-8812 zu Ihrer Bestellung 20581.",
    "> Der Betrag von 249,00 € wird in den nächsten Tagen abgebucht.",
    ">",
    "> Viele Grüße",
    "> Demo Shop Support",
  ].join("\r\n");
  return mime({
    from: "Katrin Vogel <katrin.vogel@example.de>",
    to: DEMO_SUPPORT_ADDRESS,
    cc: "Buchhaltung Vogel GmbH <buchhaltung@vogel-gmbh.example>",
    subject: "Rechnung RE-8812 – falsche Anschrift",
    date,
    inReplyTo: null,
    headers: ["Content-Language: de-DE"],
    body: ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", text],
  });
}

function mime(mail: { from: string; to: string; cc: string; subject: string; date: Date; inReplyTo: string | null; headers: string[]; body: string[] }): Buffer {
  const lines = [
    `From: ${mail.from}`,
    `To: ${mail.to}`,
    `Cc: ${mail.cc}`,
    `Subject: ${encodeWord(mail.subject)}`,
    `Date: ${mail.date.toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: <${randomUUID()}@mail.example>`,
    ...(mail.inReplyTo ? [`In-Reply-To: <${mail.inReplyTo}>`, `References: <${mail.inReplyTo}>`] : []),
    ...mail.headers,
    "MIME-Version: 1.0",
    ...mail.body,
    "",
  ];
  return Buffer.from(lines.join("\r\n"), "utf8");
}

/** RFC 2047: a header with non-ASCII characters as one UTF-8 encoded word. */
function encodeWord(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, "utf8").toString("base64")}?=`;
}
