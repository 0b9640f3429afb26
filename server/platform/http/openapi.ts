import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import { jsonSchemaTransform, jsonSchemaTransformObject } from "fastify-type-provider-zod";

/** The OpenAPI 3.1 document at /api/openapi.json and a browsable reference at /api/docs. */
export async function installOpenApi(app: FastifyInstance, publicUrl: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Caredesk API",
        version: "1",
        description:
          "Every error answers `{ \"error\": { \"code\", \"message\", \"details\" } }`. Authenticate with `Authorization: Bearer <personal API token>`; " +
          "the web app uses a session cookie plus the `x-csrf-token` header. Inbound API-channel messages use the channel's own token.",
      },
      servers: [{ url: publicUrl }],
      components: {
        securitySchemes: {
          apiToken: { type: "http", scheme: "bearer", description: "A personal API token (Settings → API tokens)" },
          session: { type: "apiKey", in: "cookie", name: "caredesk_session" },
        },
      },
      security: [{ apiToken: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
    hideUntagged: true,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs", uiConfig: { docExpansion: "list", deepLinking: true } });
  app.get("/api/openapi.json", { schema: { hide: true }, config: { access: "public" } }, async () => app.swagger());
}
