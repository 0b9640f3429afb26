import Fastify from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { afterEach, describe, expect, it } from "vitest";
import type { DatabaseConnection } from "../db/database.js";
import { registerHealthRoutes } from "./health.routes.js";

/** Only what the health routes use of a connection: `select 1` succeeds or fails. */
const connectionThat = (isReachable: boolean) =>
  ({
    executeSql: async () => {
      if (!isReachable) throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
      return { rows: [{ "?column?": 1 }] };
    },
  }) as unknown as DatabaseConnection;

const apps: Array<ReturnType<typeof Fastify>> = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function healthApp(connection: DatabaseConnection, isReady: () => boolean) {
  const app = Fastify();
  apps.push(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerHealthRoutes(app.withTypeProvider<ZodTypeProvider>(), connection, isReady);
  await app.ready();
  return app;
}

describe("health routes", () => {
  it("/healthz answers as long as the process runs, ready or not, database or not", async () => {
    const app = await healthApp(connectionThat(false), () => false);
    const response = await app.inject({ method: "GET", url: "/healthz" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });

  it("/readyz is ready when started and the database answers", async () => {
    const app = await healthApp(connectionThat(true), () => true);
    const response = await app.inject({ method: "GET", url: "/readyz" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ready" });
  });

  it("/readyz is unavailable while starting or shutting down", async () => {
    let isReady = true;
    const app = await healthApp(connectionThat(true), () => isReady);
    isReady = false;
    const response = await app.inject({ method: "GET", url: "/readyz" });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: "unavailable", reason: "starting or shutting down" });
  });

  it("/readyz is unavailable when the database does not answer, without its error text", async () => {
    const app = await healthApp(connectionThat(false), () => true);
    const response = await app.inject({ method: "GET", url: "/readyz" });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: "unavailable", reason: "database unreachable" });
  });
});
