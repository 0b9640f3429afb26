import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/test-app.js";
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, seedDemoData } from "./demo-data.js";
import { DEMO_SUPPORT_ADDRESS } from "./demo-mail.js";

const allStatusKinds = "new,open,pending,on_hold,solved,closed";

/** The demo account shows what the agent app does with mail, in English and German. */
describe("demo email conversations", () => {
  let test: TestApp;
  let session: Awaited<ReturnType<TestApp["api"]["login"]>>;
  let conversations: Array<{ id: string; subject: string; language: string | null; channel: { type: string } }>;

  beforeAll(async () => {
    test = await createTestApp();
    await seedDemoData(test.services);
    session = await test.api.login(DEMO_ADMIN_EMAIL, DEMO_PASSWORD);
    conversations = (await test.api.get("/api/conversations", { as: session, query: { statusKind: allStatusKinds, limit: 100 } })).body.data;
  });
  afterAll(() => test.close());

  const mailOf = async (subject: string) => {
    const conversation = conversations.find((candidate) => candidate.subject === subject);
    expect(conversation, subject).toBeDefined();
    const messages = (await test.api.get(`/api/conversations/${conversation!.id}/messages`, { as: session })).body.data as any[];
    expect(messages).toHaveLength(1);
    return { conversation: conversation!, message: messages[0], email: messages[0].email };
  };

  it("has an English mail with Cc, a signature, the quoted earlier mail, an attachment and a blocked remote image", async () => {
    const { conversation, message, email } = await mailOf("Re: Your order #10388 has shipped");
    expect(conversation.language).toBe("en");
    expect(email).toMatchObject({
      from: { name: "Sarah Thompson", address: "sarah.thompson@example.com" },
      to: [{ name: "Demo Shop Support", address: DEMO_SUPPORT_ADDRESS }],
      cc: [{ name: "James Thompson", address: "james.thompson@example.com" }],
      hasRemoteImages: true,
      remoteImagesAllowed: false,
      parseError: null,
      rawUrl: `/api/messages/${message.id}/email/raw`,
    });
    expect(email.body.text).toMatch(/^Hi there,[\s\S]*Sarah$/);
    expect(email.body.signature).toContain("Thompson Design Studio");
    expect(email.body.quotedText).toMatch(/^On Mon, 16 Nov 2026 at 09:12, Demo Shop Support <support@demo-shop\.example> wrote:/);
    expect(email.body.html).toContain("size M");
    expect(email.body.html).not.toContain("gmail_quote");
    expect(email.body.signatureHtml).toContain("Sarah Thompson");
    expect(email.body.signatureHtml).not.toContain("https://thompson-design.example");
    expect(email.body.quotedHtml).toContain("has left our warehouse");
    expect(message.attachments).toEqual([expect.objectContaining({ fileName: "size-label.png", contentType: "image/png", byteSize: 116 })]);

    // Reply-all keeps James in Cc and leaves our own address out.
    const draft = await test.api.get(`/api/conversations/${conversation.id}/email/draft`, { as: session, query: { mode: "reply_all" } });
    expect(draft.body.data).toMatchObject({
      to: [{ address: "sarah.thompson@example.com" }],
      cc: [{ address: "james.thompson@example.com" }],
      from: { name: "Demo Shop Support", address: DEMO_SUPPORT_ADDRESS },
    });
  });

  it("has a German plain-text mail with Cc, a signature and the quoted earlier mail", async () => {
    const { conversation, email } = await mailOf("Rechnung RE-8812 – falsche Anschrift");
    expect(conversation.language).toBe("de");
    expect(email.cc).toEqual([{ name: "Buchhaltung Vogel GmbH", address: "buchhaltung@vogel-gmbh.example" }]);
    expect(email.body.html).toBeNull();
    expect(email.body.text).toMatch(/^Guten Tag,[\s\S]*Katrin Vogel$/);
    expect(email.body.signature).toContain("Einkauf · Vogel GmbH");
    expect(email.body.quotedText).toMatch(/^Am 18\.11\.2026 um 09:14 schrieb Demo Shop Support/);
  });
});
