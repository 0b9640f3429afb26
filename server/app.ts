import { existsSync } from "node:fs";
import path from "node:path";
import cookie from "@fastify/cookie";
import multipart from "@fastify/multipart";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import websocket from "@fastify/websocket";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { limits } from "../common/limits.js";
import { registerApiChannelRoutes } from "./channels/api/api-channel.routes.js";
import { registerAgentRoutes } from "./modules/agents/agents.routes.js";
import { registerAttachmentRoutes } from "./modules/attachments/attachments.routes.js";
import { registerAuthRoutes } from "./modules/auth/auth.routes.js";
import { registerBusinessHoursRoutes } from "./modules/business-hours/business-hours.routes.js";
import type { ChatSocketHub } from "./modules/chat/chat-socket.js";
import { registerChatRoutes } from "./modules/chat/chat.routes.js";
import { registerWidgetAssetRoutes } from "./modules/chat/widget-assets.routes.js";
import { registerChannelRoutes } from "./modules/channels/channels.routes.js";
import { registerConversationRoutes } from "./modules/conversations/conversations.routes.js";
import { registerCustomerRoutes } from "./modules/customers/customers.routes.js";
import { registerEmailRoutes } from "./modules/email/email.routes.js";
import { registerBotRoutes } from "./modules/bot/bot.routes.js";
import { registerHelpCenterRoutes } from "./modules/help-center/help-center.routes.js";
import { registerKnowledgeRoutes } from "./modules/knowledge/knowledge.routes.js";
import { registerIngestRoutes } from "./modules/ingest/ingest.routes.js";
import { registerMessageRoutes } from "./modules/messages/messages.routes.js";
import { registerRoutingRoutes } from "./modules/routing/routing.routes.js";
import { registerTeamRoutes } from "./modules/teams/teams.routes.js";
import { registerEscalationRoutes } from "./modules/escalations/escalations.routes.js";
import { registerSlaRoutes } from "./modules/sla/sla.routes.js";
import { RateLimitError } from "./platform/errors.js";
import { installAuthentication, type RouteRecord } from "./platform/http/authentication.js";
import { installErrorHandler, sendError } from "./platform/http/error-handler.js";
import { registerHealthRoutes } from "./platform/http/health.routes.js";
import type { HttpApp } from "./platform/http/http-app.js";
import { installOpenApi } from "./platform/http/openapi.js";
import { webBuildFolder } from "./platform/paths.js";
import type { RealtimeHub } from "./platform/realtime/realtime-hub.js";
import { registerRealtimeRoutes } from "./platform/realtime/realtime.routes.js";
import type { Services } from "./services.js";

export type AppOptions = {
  services: Services;
  realtime: RealtimeHub;
  chatSockets: ChatSocketHub;
  /** Reports readiness: false while starting up or shutting down. */
  isReady: () => boolean;
};

export type App = FastifyInstance & { routeTable: RouteRecord[] };

/** The HTTP server: API, WebSocket, OpenAPI and the agent web app. Listening is the caller's job. */
export async function buildApp({ services, realtime, chatSockets, isReady }: AppOptions): Promise<App> {
  const { config, logger } = services.deps;
  const app: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    requestIdHeader: "x-request-id",
    // Requests that reach a closing server get our own 503 (see the hook below).
    return503OnClosing: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const routeTable: RouteRecord[] = [];
  installErrorHandler(app);
  app.addHook("onRequest", async (request, reply) => {
    if (isReady() || request.url === "/healthz" || request.url.startsWith("/readyz")) return;
    void reply.header("connection", "close").header("retry-after", "5");
    return sendError(reply, 503, "service_unavailable", "Caredesk is restarting. Please try again in a moment.");
  });
  await app.register(cookie); // before authentication, whose hook reads the parsed cookies
  // Before authentication too: its onRequest hook marks upgrade requests, so that the socket
  // of a refused upgrade (401) is destroyed after the response instead of left open.
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  installAuthentication(app, services.auth, routeTable);
  await app.register(multipart, { limits: { fileSize: limits.attachmentBytes, files: limits.attachmentsPerMessage } });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new RateLimitError("rate_limited", "Too many requests. Please wait a moment and try again.", Math.ceil(context.ttl / 1000)),
  });
  await installOpenApi(app, config.publicUrl);

  const api: HttpApp = app.withTypeProvider<ZodTypeProvider>();
  registerHealthRoutes(api, services.deps.connection, isReady);
  registerAuthRoutes(api, services);
  registerAgentRoutes(api, services);
  registerTeamRoutes(api, services);
  registerCustomerRoutes(api, services);
  registerChannelRoutes(api, services);
  registerApiChannelRoutes(api, services);
  registerConversationRoutes(api, services);
  registerMessageRoutes(api, services);
  registerEmailRoutes(api, services);
  registerAttachmentRoutes(api, services);
  registerIngestRoutes(api, services);
  registerRoutingRoutes(api, services);
  registerBusinessHoursRoutes(api, services);
  registerKnowledgeRoutes(api, services);
  registerHelpCenterRoutes(api, services);
  registerBotRoutes(api, services);
  registerSlaRoutes(api, services);
  registerEscalationRoutes(api, services);
  registerRealtimeRoutes(api, realtime, config.publicUrl);
  registerChatRoutes(api, services, chatSockets);
  registerWidgetAssetRoutes(api, services);
  await serveWebApp(app);

  return Object.assign(app, { routeTable }) as unknown as App;
}

/** The built agent app (dist/web); any unknown non-API GET gets index.html for client-side routing. */
async function serveWebApp(app: FastifyInstance): Promise<void> {
  const hasBuild = existsSync(path.join(webBuildFolder, "index.html"));
  if (hasBuild) {
    await app.register(fastifyStatic, {
      root: webBuildFolder,
      // One wildcard route that reads the folder per request: a rebuild is served without a restart.
      wildcard: true,
      index: ["index.html"],
      cacheControl: false,
      setHeaders: (response, filePath) => {
        // Vite names assets by content hash, so they never change; index.html always may.
        const isHashedAsset = filePath.includes(`${path.sep}assets${path.sep}`);
        response.setHeader("cache-control", isHashedAsset ? "public, max-age=31536000, immutable" : "no-cache");
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const urlPath = request.url.split("?")[0]!;
    // A missing file (an asset of an older build, say) is a 404, not the app's index page.
    const isPage = (request.method === "GET" || request.method === "HEAD") && !urlPath.startsWith("/api/") && urlPath !== "/api" && !/\.[a-z0-9]+$/i.test(urlPath);
    if (isPage && hasBuild) return reply.header("cache-control", "no-cache").sendFile("index.html");
    if (isPage) return reply.type("text/plain").status(503).send("The agent app is not built. Run `npm run build` (npm start does it for you).");
    return sendError(reply, 404, "route_not_found", `There is no ${request.method} ${request.url.split("?")[0]}.`);
  });
}
