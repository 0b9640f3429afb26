import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CustomerView } from "../../../common/views.js";
import { buildAccount, buildApiChannel, type TestAccount } from "../../test/factories.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";

describe("customers", () => {
  let test: TestApp;
  let account: TestAccount;
  const count = 12;

  beforeAll(async () => {
    test = await createTestApp();
    account = await buildAccount(test);
    const { channel } = await buildApiChannel(test, account);
    // One transaction: every customer gets the same created_at, so only the id orders them.
    await test.services.deps.db.transaction(async (tx) => {
      for (let index = 0; index < count; index += 1) {
        await test.services.ingest.accept(tx, channel, {
          externalId: `customer-${index}`,
          customer: { identities: [{ kind: "email", value: `person${index}@shop.example` }], name: `Person ${index}`, language: null },
          subject: null,
          text: "Hello",
          html: null,
          attachments: [],
          sentAt: null,
        });
      }
    });
  });
  afterAll(() => test.close());

  const as = () => account.adminSession;

  it("pages through all customers without duplicates or gaps", async () => {
    const seen: CustomerView[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response: { status: number; body: { data: CustomerView[]; nextCursor: string | null } } = await test.api.get(
        `/api/customers?limit=5${cursor ? `&cursor=${cursor}` : ""}`,
        { as: as() },
      );
      expect(response.status).toBe(200);
      seen.push(...response.body.data);
      cursor = response.body.nextCursor;
      pages += 1;
      expect(pages).toBeLessThan(10);
    } while (cursor);
    expect(pages).toBe(3);
    const names = seen.map((customer) => customer.name);
    expect(new Set(names).size).toBe(count);
    expect([...names].sort()).toEqual(Array.from({ length: count }, (_, index) => `Person ${index}`).sort());
  });

  it("finds customers by name or by any identity", async () => {
    const search = async (query: string) =>
      ((await test.api.get(`/api/customers?query=${encodeURIComponent(query)}`, { as: as() })).body.data as CustomerView[]).map((customer) => customer.name);
    expect(await search("person 11")).toEqual(["Person 11"]);
    expect(await search("PERSON7@SHOP")).toEqual(["Person 7"]);
    expect(await search("nobody")).toEqual([]);
    // LIKE wildcards in the query are taken literally.
    expect(await search("%")).toEqual([]);
    expect(await search("person_1")).toEqual([]);
    // A blank search box is no search at all.
    const everyone = ((await test.api.get("/api/customers?limit=100", { as: as() })).body.data as CustomerView[]).map((customer) => customer.name);
    expect(await search("   ")).toEqual(everyone.slice(0, 25));
  });

  it("adds and removes identities, normalized", async () => {
    const created = await test.api.post("/api/customers", { as: as(), body: { name: "Dana", identities: [{ kind: "phone", value: "+49 (30) 555-0101" }] } });
    expect(created.status).toBe(201);
    expect(created.body.data.identities).toEqual([{ id: expect.any(String), kind: "phone", value: "+49305550101" }]);
    const added = await test.api.post(`/api/customers/${created.body.data.id}/identities`, { as: as(), body: { kind: "email", value: "Dana@Example.TEST" } });
    expect(added.status).toBe(201);
    expect(added.body.data.identities.map((identity: { value: string }) => identity.value)).toContain("dana@example.test");
    const phone = created.body.data.identities[0].id;
    const removed = await test.api.delete(`/api/customers/${created.body.data.id}/identities/${phone}`, { as: as() });
    expect(removed.status).toBe(200);
    expect(removed.body.data.identities.map((identity: { kind: string }) => identity.kind)).toEqual(["email"]);
    const again = await test.api.delete(`/api/customers/${created.body.data.id}/identities/${phone}`, { as: as() });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe("customer_not_found");
  });
});
