import { z } from "zod";
import { BusinessHoursView } from "../../../common/views.js";
import { anyRole, managerRoles } from "../../platform/http/access.js";
import type { HttpApp } from "../../platform/http/http-app.js";
import type { Services } from "../../services.js";
import { presentBusinessHours } from "./business-hours.presenter.js";
import { BusinessHoursIdParams, CreateBusinessHoursBody, HolidayCalendarQuery, PublicHolidaysQuery, UpdateBusinessHoursBody } from "./business-hours.schemas.js";
import { listHolidayCalendars, listPublicHolidays } from "./holiday-calendar.js";

const tags = ["business hours"];

const HolidayCalendarsView = z.array(z.object({ country: z.string(), name: z.string(), states: z.array(z.object({ state: z.string(), name: z.string() })) }));

export function registerBusinessHoursRoutes(app: HttpApp, { businessHours }: Services): void {
  app.get(
    "/api/business-hours",
    { schema: { tags, summary: "The account's schedules, the default first, with whether each is open now", response: { 200: z.object({ data: z.array(BusinessHoursView) }) } }, config: { access: anyRole } },
    async (request) => ({ data: (await businessHours.list(request.actor)).map((row) => presentBusinessHours(row)) }),
  );

  app.post(
    "/api/business-hours",
    {
      schema: { tags, summary: "Create a schedule; assign it to teams and channels", body: CreateBusinessHoursBody, response: { 201: z.object({ data: BusinessHoursView }) } },
      config: { access: managerRoles },
    },
    async (request, reply) => reply.status(201).send({ data: presentBusinessHours(await businessHours.create(request.actor, request.body)) }),
  );

  app.patch(
    "/api/business-hours/:id",
    {
      schema: { tags, summary: "Change a schedule, its holidays, its teams and channels", params: BusinessHoursIdParams, body: UpdateBusinessHoursBody, response: { 200: z.object({ data: BusinessHoursView }) } },
      config: { access: managerRoles },
    },
    async (request) => ({ data: presentBusinessHours(await businessHours.update(request.actor, request.params.id, request.body)) }),
  );

  app.delete(
    "/api/business-hours/:id",
    { schema: { tags, summary: "Delete a schedule (not the default); its teams and channels fall back to the default", params: BusinessHoursIdParams, response: { 204: z.null() } }, config: { access: managerRoles } },
    async (request, reply) => {
      await businessHours.remove(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/holiday-calendars",
    { schema: { tags, summary: "Countries and states with a public-holiday calendar", querystring: HolidayCalendarQuery, response: { 200: z.object({ data: HolidayCalendarsView }) } }, config: { access: anyRole } },
    async (request) => ({ data: listHolidayCalendars(request.query.language) }),
  );

  app.get(
    "/api/holiday-calendars/holidays",
    {
      schema: {
        tags,
        summary: "The public holidays of a country (and state) in a year",
        querystring: PublicHolidaysQuery,
        response: { 200: z.object({ data: z.array(z.object({ date: z.iso.date(), name: z.string() })) }) },
      },
      config: { access: anyRole },
    },
    async (request) => ({ data: listPublicHolidays({ country: request.query.country, state: request.query.state ?? null }, request.query.year, request.query.language) }),
  );
}
