import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/test-app.js";

type Operation = {
  summary?: string;
  tags?: string[];
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: unknown }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
};
type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
};

/**
 * Routes that are not part of the documented REST API: the documentation itself, and the
 * WebSocket upgrade (OpenAPI cannot describe it; @fastify/websocket hides it on purpose).
 */
const undocumented = (url: string) => url === "/api/openapi.json" || url === "/api/docs" || url.startsWith("/api/docs/") || url === "/api/realtime";

describe("OpenAPI document", () => {
  let test: TestApp;
  let document: OpenApiDocument;

  beforeAll(async () => {
    test = await createTestApp();
    const response = await test.api.get("/api/openapi.json");
    expect(response.status).toBe(200);
    expect(String(response.headers["content-type"])).toContain("application/json");
    document = response.body;
  });
  afterAll(() => test.close());

  it("is valid OpenAPI 3.1", async () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.info.title).toBe("Caredesk API");
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document) as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("documents every API route, with OpenAPI path templates", () => {
    const documented = new Set(Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`)));
    const missing = test.app.routeTable
      .filter((route) => route.url.startsWith("/api/") && !undocumented(route.url) && route.method !== "HEAD")
      .map((route) => `${route.method} ${route.url.replace(/:([A-Za-z]+)/g, "{$1}")}`)
      .filter((route) => !documented.has(route));
    expect(missing).toEqual([]);
    expect(Object.keys(document.paths).filter((path) => path.includes(":"))).toEqual([]);
  });

  it("describes the main operations with their parameters, bodies and responses", () => {
    const operation = (method: string, path: string) => {
      const found = document.paths[path]?.[method];
      expect(found, `${method} ${path}`).toBeDefined();
      expect(found!.summary, `${method} ${path}`).toEqual(expect.any(String));
      expect(found!.tags?.length, `${method} ${path}`).toBeGreaterThan(0);
      return found!;
    };
    const jsonBody = (found: Operation) => found.requestBody?.content["application/json"]?.schema as { properties?: Record<string, unknown>; required?: string[] };
    const jsonResponse = (found: Operation, status: string) => JSON.stringify(found.responses[status]?.content?.["application/json"]?.schema ?? null);

    const list = operation("get", "/api/conversations");
    expect(list.parameters?.map((parameter) => parameter.name)).toEqual(expect.arrayContaining(["statusKind", "assignee", "teamId", "query", "sort", "cursor", "limit"]));
    expect(jsonResponse(list, "200")).toContain("nextCursor");

    const update = operation("patch", "/api/conversations/{id}");
    expect(update.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: "id", in: "path", required: true })]));
    expect(Object.keys(jsonBody(update).properties ?? {})).toEqual(expect.arrayContaining(["status", "priority", "assigneeId", "teamId", "tags"]));
    expect(jsonResponse(update, "200")).toContain("#/components/schemas/Conversation");

    const send = operation("post", "/api/conversations/{id}/messages");
    expect(Object.keys(jsonBody(send).properties ?? {})).toEqual(expect.arrayContaining(["text", "html", "isNote", "attachmentIds"]));
    expect(jsonResponse(send, "201")).toContain("#/components/schemas/Message");

    const inbound = operation("post", "/api/channels/{id}/messages");
    expect(jsonBody(inbound).required).toEqual(expect.arrayContaining(["externalId", "customer"]));

    const login = operation("post", "/api/auth/login");
    expect(jsonBody(login).required).toEqual(expect.arrayContaining(["email", "password"]));

    for (const [method, path] of [
      ["get", "/api/customers"],
      ["post", "/api/customers"],
      ["get", "/api/agents"],
      ["post", "/api/agents"],
      ["get", "/api/teams"],
      ["get", "/api/channels"],
      ["post", "/api/channels"],
      ["get", "/api/statuses"],
      ["get", "/api/conversations/counts"],
      ["post", "/api/attachments"],
      ["get", "/api/attachments/{id}"],
    ] as const) {
      operation(method, path);
    }
  });

  it("names the shared views as components, and every reference resolves", () => {
    for (const name of ["Conversation", "Message", "Customer", "Identity", "Agent", "Team", "Channel", "Status", "Attachment", "ApiToken", "InboxCounts"]) {
      expect(document.components.schemas, name).toHaveProperty(name);
    }
    const references = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((match) => match[1]!);
    expect(references.length).toBeGreaterThan(10);
    expect(references.filter((name) => !(name in document.components.schemas))).toEqual([]);
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(["apiToken", "session"]);
  });

  it("serves the browsable reference as HTML at /api/docs", async () => {
    let response = await test.app.inject({ method: "GET", url: "/api/docs" });
    for (let redirects = 0; response.statusCode >= 300 && response.statusCode < 400 && redirects < 3; redirects += 1) {
      response = await test.app.inject({ method: "GET", url: new URL(String(response.headers.location), "http://localhost/api/docs").pathname });
    }
    expect(response.statusCode).toBe(200);
    expect(String(response.headers["content-type"])).toContain("text/html");
    expect(response.body).toMatch(/swagger/i);
  });
});
