import { z } from "zod";
import { SlaPolicyView } from "../../../common/views.js";
import { anyRole, managerRoles } from "../../platform/http/access.js";
import type { HttpApp } from "../../platform/http/http-app.js";
import type { Services } from "../../services.js";
import { CreateSlaPolicyBody, SlaPolicyIdParams, UpdateSlaPolicyBody } from "./sla.schemas.js";
import { presentSlaPolicy } from "./sla.presenter.js";

const tags = ["SLA policies"];

export function registerSlaRoutes(app: HttpApp, { sla }: Services): void {
  app.get(
    "/api/sla-policies",
    { schema: { tags, summary: "The account's SLA policies, most specific first", response: { 200: z.object({ data: z.array(SlaPolicyView) }) } }, config: { access: anyRole } },
    async (request) => ({ data: (await sla.listPolicies(request.actor)).map(presentSlaPolicy) }),
  );

  app.post(
    "/api/sla-policies",
    {
      schema: { tags, summary: "Add a policy for a channel type and priority (null: any); active clocks are recomputed", body: CreateSlaPolicyBody, response: { 201: z.object({ data: SlaPolicyView }) } },
      config: { access: managerRoles },
    },
    async (request, reply) => reply.status(201).send({ data: presentSlaPolicy(await sla.createPolicy(request.actor, request.body)) }),
  );

  app.patch(
    "/api/sla-policies/:id",
    {
      schema: { tags, summary: "Change a policy's targets, schedule, warning threshold or automatic escalation", params: SlaPolicyIdParams, body: UpdateSlaPolicyBody, response: { 200: z.object({ data: SlaPolicyView }) } },
      config: { access: managerRoles },
    },
    async (request) => ({ data: presentSlaPolicy(await sla.updatePolicy(request.actor, request.params.id, request.body)) }),
  );

  app.delete(
    "/api/sla-policies/:id",
    { schema: { tags, summary: "Delete a policy; its conversations fall back to the next matching one", params: SlaPolicyIdParams, response: { 204: z.null() } }, config: { access: managerRoles } },
    async (request, reply) => {
      await sla.removePolicy(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
