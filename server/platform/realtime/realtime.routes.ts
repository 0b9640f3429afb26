import type { HttpApp } from "../http/http-app.js";
import { anyRole } from "../http/access.js";
import { ForbiddenError } from "../errors.js";
import { sendError } from "../http/error-handler.js";
import type { RealtimeHub } from "./realtime-hub.js";

/** GET /api/realtime upgrades to the agent app's WebSocket (session cookie or API token). */
export function registerRealtimeRoutes(app: HttpApp, hub: RealtimeHub, publicUrl: string): void {
  app.route({
    method: "GET",
    url: "/api/realtime",
    schema: { tags: ["realtime"], summary: "WebSocket: domain events of your account and presence on conversations" },
    config: { access: anyRole },
    preValidation: async (request) => {
      // Browsers send cookies on cross-site WebSocket upgrades; only our own pages may connect.
      const origin = request.headers.origin;
      if (origin && !isSameOrigin(origin, publicUrl, request.headers.host)) {
        throw new ForbiddenError("forbidden", "This origin may not open the realtime connection.");
      }
    },
    // A plain GET (no upgrade) gets a clear answer instead of an empty 404.
    handler: async (_request, reply) => sendError(reply, 426, "websocket_required", "Open this address as a WebSocket (Upgrade: websocket)."),
    wsHandler: (socket, request) => hub.accept(socket, request.actor),
  });
}

function isSameOrigin(origin: string, publicUrl: string, host: string | undefined): boolean {
  try {
    const originUrl = new URL(origin);
    return originUrl.origin === new URL(publicUrl).origin || (host !== undefined && originUrl.host === host);
  } catch {
    return false;
  }
}
