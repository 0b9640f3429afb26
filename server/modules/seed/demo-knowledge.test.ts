import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/test-app.js";
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, seedDemoData } from "./demo-data.js";

describe("demo knowledge base and bot", () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp();
    await seedDemoData(test.services);
  });
  afterAll(() => test?.close());

  it("publishes English and German articles and answers both languages in the test console", async () => {
    const as = await test.api.login(DEMO_ADMIN_EMAIL, DEMO_PASSWORD);
    const { slug } = (await test.api.get("/api/help-center", { as })).body.data;
    const german = await test.api.get(`/help/${slug}/de`);
    expect(german.status).toBe(200);
    expect(german.body).toContain("Passwort zurücksetzen");
    const english = await test.api.post("/api/bot/test", { as, body: { text: "I forgot my password, what now?" } });
    expect(english.body.data).toMatchObject({ intent: "password_reset", action: "answer" });
    const order = await test.api.post("/api/bot/test", { as, body: { text: "Wo ist meine Bestellung? Ich warte seit Tagen." } });
    expect(order.body.data).toMatchObject({ language: "de", intent: "order_status", action: "qualify" });
    const settings = (await test.api.get("/api/bot/settings", { as })).body.data;
    expect(settings.channels.map((channel: { mode: string }) => channel.mode)).toEqual(["always", "always"]);
    // The demo history stays as it was: the bot joins only conversations begun after it was switched on.
    const conversations = (await test.api.get("/api/conversations?statusKind=new,open,pending,on_hold,solved,closed&limit=100", { as })).body.data;
    for (const conversation of conversations) expect((await test.api.get(`/api/conversations/${conversation.id}/bot`, { as })).body.data).toBeNull();
  });
});
