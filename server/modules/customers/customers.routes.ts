import { z } from "zod";
import { ConversationView, CustomerView, pageOf } from "../../../common/views.js";
import { anyRole, staffRoles } from "../../platform/http/access.js";
import type { HttpApp } from "../../platform/http/http-app.js";
import type { Services } from "../../services.js";
import { presentConversation } from "../conversations/conversations.presenter.js";
import { presentCustomer } from "./customers.presenter.js";
import { CreateCustomerBody, CustomerIdParams, IdentityIdParams, IdentityInput, ListCustomersQuery, UpdateCustomerBody } from "./customers.schemas.js";

const tags = ["customers"];
const one = z.object({ data: CustomerView });

export function registerCustomerRoutes(app: HttpApp, { customers, conversations }: Services): void {
  app.get(
    "/api/customers",
    { schema: { tags, summary: "List or search customers (name, email, phone, any identity)", querystring: ListCustomersQuery, response: { 200: pageOf(CustomerView) } }, config: { access: anyRole } },
    async (request) => {
      const page = await customers.list(request.actor, request.query);
      return { data: page.data.map(presentCustomer), nextCursor: page.nextCursor };
    },
  );

  app.get(
    "/api/customers/:id",
    { schema: { tags, summary: "Get a customer with identities", params: CustomerIdParams, response: { 200: one } }, config: { access: anyRole } },
    async (request) => ({ data: presentCustomer(await customers.get(request.actor, request.params.id)) }),
  );

  app.get(
    "/api/customers/:id/conversations",
    {
      schema: { tags, summary: "The customer's conversations, newest first", params: CustomerIdParams, response: { 200: z.object({ data: z.array(ConversationView) }) } },
      config: { access: anyRole },
    },
    async (request) => {
      await customers.get(request.actor, request.params.id);
      const page = await conversations.list(request.actor, { customerId: request.params.id, sort: "created_desc", limit: 50 });
      return { data: page.data.map(presentConversation) };
    },
  );

  app.post(
    "/api/customers",
    { schema: { tags, summary: "Create a customer", body: CreateCustomerBody, response: { 201: one } }, config: { access: staffRoles } },
    async (request, reply) => reply.status(201).send({ data: presentCustomer(await customers.create(request.actor, request.body)) }),
  );

  app.patch(
    "/api/customers/:id",
    { schema: { tags, summary: "Update a customer", params: CustomerIdParams, body: UpdateCustomerBody, response: { 200: one } }, config: { access: staffRoles } },
    async (request) => ({ data: presentCustomer(await customers.update(request.actor, request.params.id, request.body)) }),
  );

  app.post(
    "/api/customers/:id/identities",
    { schema: { tags, summary: "Add an identity (email, phone, messenger id) to a customer", params: CustomerIdParams, body: IdentityInput, response: { 201: one } }, config: { access: staffRoles } },
    async (request, reply) => reply.status(201).send({ data: presentCustomer(await customers.addIdentity(request.actor, request.params.id, request.body)) }),
  );

  app.delete(
    "/api/customers/:id/identities/:identityId",
    { schema: { tags, summary: "Remove an identity from a customer", params: IdentityIdParams, response: { 200: one } }, config: { access: staffRoles } },
    async (request) => ({ data: presentCustomer(await customers.removeIdentity(request.actor, request.params.id, request.params.identityId)) }),
  );
}
