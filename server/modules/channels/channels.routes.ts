import { z } from "zod";
import { ChannelView } from "../../../common/views.js";
import { adminRoles, anyRole } from "../../platform/http/access.js";
import type { HttpApp } from "../../platform/http/http-app.js";
import type { Services } from "../../services.js";
import { presentChannel } from "./channels.presenter.js";
import { ChannelCredentialsView, ChannelIdParams, CreateChannelBody, UpdateChannelBody } from "./channels.schemas.js";

const tags = ["channels"];

export function registerChannelRoutes(app: HttpApp, { channels }: Services): void {
  app.get(
    "/api/channels",
    { schema: { tags, summary: "List channels", response: { 200: z.object({ data: z.array(ChannelView) }) } }, config: { access: anyRole } },
    async (request) => ({ data: (await channels.list(request.actor)).map(presentChannel) }),
  );

  app.get(
    "/api/channels/:id",
    { schema: { tags, summary: "Get a channel", params: ChannelIdParams, response: { 200: z.object({ data: ChannelView }) } }, config: { access: anyRole } },
    async (request) => ({ data: presentChannel(await channels.get(request.actor, request.params.id)) }),
  );

  app.post(
    "/api/channels",
    {
      schema: {
        tags,
        summary: "Create a channel; an API channel's credentials are shown only in this response",
        body: CreateChannelBody,
        response: { 201: z.object({ data: z.object({ channel: ChannelView, credentials: ChannelCredentialsView }) }) },
      },
      config: { access: adminRoles },
    },
    async (request, reply) => {
      const { channel, credentials } = await channels.create(request.actor, request.body);
      return reply.status(201).send({ data: { channel: presentChannel(channel), credentials } });
    },
  );

  app.patch(
    "/api/channels/:id",
    { schema: { tags, summary: "Update a channel", params: ChannelIdParams, body: UpdateChannelBody, response: { 200: z.object({ data: ChannelView }) } }, config: { access: adminRoles } },
    async (request) => ({ data: presentChannel(await channels.update(request.actor, request.params.id, request.body)) }),
  );

  app.post(
    "/api/channels/:id/credentials",
    {
      schema: { tags, summary: "Issue a new inbound token and signing secret for an API channel", params: ChannelIdParams, response: { 200: z.object({ data: ChannelCredentialsView }) } },
      config: { access: adminRoles },
    },
    async (request) => ({ data: await channels.rotateCredentials(request.actor, request.params.id) }),
  );
}
