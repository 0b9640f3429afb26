import { z } from "zod";
import { AgentView } from "../../../common/views.js";
import { adminRoles, anyRole } from "../../platform/http/access.js";
import type { HttpApp } from "../../platform/http/http-app.js";
import type { Services } from "../../services.js";
import { presentAgent } from "./agents.presenter.js";
import { AgentIdParams, CreateAgentBody, UpdateAgentBody } from "./agents.schemas.js";

const tags = ["agents"];

export function registerAgentRoutes(app: HttpApp, { agents }: Services): void {
  app.get(
    "/api/agents",
    { schema: { tags, summary: "List the account's agents", response: { 200: z.object({ data: z.array(AgentView) }) } }, config: { access: anyRole } },
    async (request) => ({ data: (await agents.list(request.actor)).map(presentAgent) }),
  );

  app.get(
    "/api/agents/:id",
    { schema: { tags, summary: "Get an agent", params: AgentIdParams, response: { 200: z.object({ data: AgentView }) } }, config: { access: anyRole } },
    async (request) => ({ data: presentAgent(await agents.get(request.actor, request.params.id)) }),
  );

  app.post(
    "/api/agents",
    { schema: { tags, summary: "Create an agent", body: CreateAgentBody, response: { 201: z.object({ data: AgentView }) } }, config: { access: adminRoles } },
    async (request, reply) => reply.status(201).send({ data: presentAgent(await agents.create(request.actor, request.body)) }),
  );

  app.patch(
    "/api/agents/:id",
    {
      schema: { tags, summary: "Update an agent (role, level, skills, languages, teams, active)", params: AgentIdParams, body: UpdateAgentBody, response: { 200: z.object({ data: AgentView }) } },
      config: { access: adminRoles },
    },
    async (request) => ({ data: presentAgent(await agents.update(request.actor, request.params.id, request.body)) }),
  );
}
