import { z } from "zod";
import { EscalationView } from "../../../common/views.js";
import { anyRole, staffRoles } from "../../platform/http/access.js";
import type { HttpApp } from "../../platform/http/http-app.js";
import type { Services } from "../../services.js";
import { EscalateConversationBody, EscalationConversationParams } from "./escalations.schemas.js";
import { presentEscalation } from "./escalations.presenter.js";

const tags = ["escalations"];

export function registerEscalationRoutes(app: HttpApp, { escalations }: Services): void {
  app.get(
    "/api/conversations/:id/escalations",
    {
      schema: { tags, summary: "A conversation's escalations, oldest first", params: EscalationConversationParams, response: { 200: z.object({ data: z.array(EscalationView) }) } },
      config: { access: anyRole },
    },
    async (request) => ({ data: (await escalations.list(request.actor, request.params.id)).map(presentEscalation) }),
  );

  app.post(
    "/api/conversations/:id/escalations",
    {
      schema: {
        tags,
        summary: "Escalate to the next level or hand over to another team, with a reason kept as an internal note",
        params: EscalationConversationParams,
        body: EscalateConversationBody,
        response: { 201: z.object({ data: EscalationView }) },
      },
      config: { access: staffRoles },
    },
    async (request, reply) => reply.status(201).send({ data: presentEscalation(await escalations.escalate(request.actor, request.params.id, request.body)) }),
  );
}
