import { z } from "zod";
import type { DatabaseConnection } from "../db/database.js";
import type { HttpApp } from "./http-app.js";

/** Liveness (/healthz: the process answers) and readiness (/readyz: it can serve, database included). */
export function registerHealthRoutes(app: HttpApp, connection: DatabaseConnection, isReady: () => boolean): void {
  app.get(
    "/healthz",
    { schema: { tags: ["health"], summary: "Liveness", response: { 200: z.object({ status: z.literal("ok") }) } }, config: { access: "public" }, logLevel: "warn" },
    async () => ({ status: "ok" as const }),
  );

  app.get(
    "/readyz",
    {
      schema: { tags: ["health"], summary: "Readiness: started, not shutting down, database reachable", response: { 200: z.object({ status: z.literal("ready") }), 503: z.object({ status: z.literal("unavailable"), reason: z.string() }) } },
      config: { access: "public" },
      logLevel: "warn",
    },
    async (_request, reply) => {
      if (!isReady()) return reply.status(503).send({ status: "unavailable" as const, reason: "starting or shutting down" });
      try {
        await connection.executeSql("select 1");
      } catch {
        return reply.status(503).send({ status: "unavailable" as const, reason: "database unreachable" });
      }
      return { status: "ready" as const };
    },
  );
}
