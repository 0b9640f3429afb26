import Fastify from "fastify";

/** The HTTP floor: an empty JSON POST route on plain Fastify. */
const app = Fastify();
app.get("/ready", async () => ({ ok: true }));
app.post("/empty", async () => ({ ok: true }));
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
