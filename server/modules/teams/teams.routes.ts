import { z } from "zod";
import { TeamView } from "../../../common/views.js";
import { anyRole, managerRoles } from "../../platform/http/access.js";
import type { HttpApp } from "../../platform/http/http-app.js";
import type { Services } from "../../services.js";
import { CreateTeamBody, TeamIdParams, UpdateTeamBody } from "./teams.schemas.js";
import { presentTeam } from "./teams.service.js";

const tags = ["teams"];

export function registerTeamRoutes(app: HttpApp, { teams }: Services): void {
  app.get(
    "/api/teams",
    { schema: { tags, summary: "List teams", response: { 200: z.object({ data: z.array(TeamView) }) } }, config: { access: anyRole } },
    async (request) => ({ data: (await teams.list(request.actor)).map(presentTeam) }),
  );

  app.post(
    "/api/teams",
    { schema: { tags, summary: "Create a team", body: CreateTeamBody, response: { 201: z.object({ data: TeamView }) } }, config: { access: managerRoles } },
    async (request, reply) => reply.status(201).send({ data: presentTeam(await teams.create(request.actor, request.body)) }),
  );

  app.patch(
    "/api/teams/:id",
    { schema: { tags, summary: "Update a team and its members", params: TeamIdParams, body: UpdateTeamBody, response: { 200: z.object({ data: TeamView }) } }, config: { access: managerRoles } },
    async (request) => ({ data: presentTeam(await teams.update(request.actor, request.params.id, request.body)) }),
  );

  app.delete(
    "/api/teams/:id",
    { schema: { tags, summary: "Delete a team; its conversations keep their agents", params: TeamIdParams, response: { 204: z.null() } }, config: { access: managerRoles } },
    async (request, reply) => {
      await teams.remove(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
