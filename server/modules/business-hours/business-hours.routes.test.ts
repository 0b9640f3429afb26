import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccount, buildAgent, buildChannel, type TestAccount } from "../../test/factories.js";
import { createTestApp, type TestApp } from "../../test/test-app.js";
import { isOpen } from "./business-time.js";

const weekdays = (opens: string, closes: string) => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens, closes }));

describe("business hours API", () => {
  let test: TestApp;
  let account: TestAccount;

  beforeAll(async () => {
    test = await createTestApp();
    account = await buildAccount(test);
  });
  afterAll(() => test?.close());

  it("gives a new account a default schedule: Mon–Fri 9–17 in its time zone", async () => {
    const list = await test.api.get("/api/business-hours", { as: account.adminSession });
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([
      expect.objectContaining({ isDefault: true, timeZone: "UTC", weeklyHours: weekdays("09:00", "17:00"), holidayCalendar: null, customHolidays: [], teamIds: [], channelIds: [] }),
    ]);
  });

  it("applies a team's schedule before its channel's, and the channel's before the default", async () => {
    const team = (await test.api.post("/api/teams", { as: account.adminSession, body: { name: "Night shift" } })).body.data;
    const channel = await buildChannel(test, account, "chat");
    const otherChannel = await buildChannel(test, account, "email");
    const night = await test.api.post("/api/business-hours", {
      as: account.adminSession,
      body: { name: "Nights", timeZone: "America/New_York", weeklyHours: weekdays("18:00", "24:00"), teamIds: [team.id] },
    });
    expect(night.status).toBe(201);
    expect(night.body.data).toMatchObject({ name: "Nights", teamIds: [team.id], channelIds: [], isDefault: false });
    const chat = await test.api.post("/api/business-hours", {
      as: account.adminSession,
      body: { name: "Chat hours", timeZone: "Europe/Berlin", weeklyHours: weekdays("08:00", "20:00"), holidayCalendar: { country: "DE", state: "BY" }, channelIds: [channel.id] },
    });
    expect(chat.status).toBe(201);

    const { db } = test.services.deps;
    const forTeamAndChannel = await test.services.businessHours.scheduleFor(db, account.accountId, { teamId: team.id, channelId: channel.id });
    expect(forTeamAndChannel.timeZone).toBe("America/New_York");
    const forChannel = await test.services.businessHours.scheduleFor(db, account.accountId, { teamId: null, channelId: channel.id });
    expect(forChannel).toMatchObject({ timeZone: "Europe/Berlin", holidayCalendar: { country: "DE", state: "BY" } });
    const forOther = await test.services.businessHours.scheduleFor(db, account.accountId, { channelId: otherChannel.id });
    expect(forOther.timeZone).toBe("UTC");
    // Wed 2024-05-29 19:00 Berlin is open for chat; Thu 2024-05-30 is Corpus Christi in Bavaria.
    expect(isOpen(forChannel, new Date("2024-05-29T17:00:00Z"))).toBe(true);
    expect(isOpen(forChannel, new Date("2024-05-30T10:00:00Z"))).toBe(false);

    // Moving the channel to another schedule takes it from the first; deleting a schedule releases its team.
    const moved = await test.api.patch(`/api/business-hours/${night.body.data.id}`, { as: account.adminSession, body: { channelIds: [channel.id] } });
    expect(moved.body.data).toMatchObject({ teamIds: [team.id], channelIds: [channel.id] });
    const list = await test.api.get("/api/business-hours", { as: account.adminSession });
    expect(list.body.data.find((row: { id: string }) => row.id === chat.body.data.id).channelIds).toEqual([]);
    expect((await test.api.delete(`/api/business-hours/${night.body.data.id}`, { as: account.adminSession })).status).toBe(204);
    expect((await test.services.businessHours.scheduleFor(db, account.accountId, { teamId: team.id })).timeZone).toBe("UTC");
  });

  it("keeps exactly one default schedule", async () => {
    const list = await test.api.get("/api/business-hours", { as: account.adminSession });
    const standard = list.body.data.find((row: { isDefault: boolean }) => row.isDefault);
    const refusedDelete = await test.api.delete(`/api/business-hours/${standard.id}`, { as: account.adminSession });
    expect(refusedDelete.status).toBe(409);
    expect(refusedDelete.body.error.code).toBe("business_hours_default_required");
    const refusedUnset = await test.api.patch(`/api/business-hours/${standard.id}`, { as: account.adminSession, body: { isDefault: false } });
    expect(refusedUnset.body.error.code).toBe("business_hours_default_required");

    const berlin = await test.api.post("/api/business-hours", { as: account.adminSession, body: { name: "Berlin office", timeZone: "Europe/Berlin", weeklyHours: weekdays("09:00", "18:00"), isDefault: true } });
    expect(berlin.body.data.isDefault).toBe(true);
    const after = await test.api.get("/api/business-hours", { as: account.adminSession });
    expect(after.body.data.filter((row: { isDefault: boolean }) => row.isDefault).map((row: { id: string }) => row.id)).toEqual([berlin.body.data.id]);
    expect((await test.services.businessHours.scheduleFor(test.services.deps.db, account.accountId)).timeZone).toBe("Europe/Berlin");
  });

  it("refuses unknown time zones, calendars, bad intervals, duplicate names, and foreign teams", async () => {
    const post = (body: object) => test.api.post("/api/business-hours", { as: account.adminSession, body: { name: "Bad", timeZone: "Europe/Berlin", weeklyHours: weekdays("09:00", "17:00"), ...body } });
    const zone = await post({ timeZone: "Europe/Atlantis" });
    expect(zone.status).toBe(400);
    expect(zone.body.error.code).toBe("validation_failed");
    const calendar = await post({ holidayCalendar: { country: "DE", state: "XX" } });
    expect(calendar.status).toBe(400);
    expect(calendar.body.error.code).toBe("holiday_calendar_invalid");
    const backwards = await post({ weeklyHours: [{ weekday: 1, opens: "17:00", closes: "09:00" }] });
    expect(backwards.status).toBe(400);
    const dayEight = await post({ weeklyHours: [{ weekday: 8, opens: "09:00", closes: "17:00" }] });
    expect(dayEight.status).toBe(400);
    const duplicate = await post({ name: "Berlin office" });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe("business_hours_name_taken");
    const other = await buildAccount(test);
    const foreignTeam = (await test.api.post("/api/teams", { as: other.adminSession, body: { name: "Theirs" } })).body.data;
    const foreign = await post({ name: "Foreign", teamIds: [foreignTeam.id] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe("team_not_found");
  });

  it("lets agents read schedules and holiday calendars, and only managers change them", async () => {
    const agent = await buildAgent(test, account);
    expect((await test.api.get("/api/business-hours", { as: agent.session })).status).toBe(200);
    const refused = await test.api.post("/api/business-hours", { as: agent.session, body: { name: "Mine", timeZone: "UTC", weeklyHours: [] } });
    expect(refused.status).toBe(403);

    const calendars = await test.api.get("/api/holiday-calendars?language=de", { as: agent.session });
    const germany = calendars.body.data.find((country: { country: string }) => country.country === "DE");
    expect(germany.name).toBe("Deutschland");
    expect(germany.states).toContainEqual({ state: "BY", name: "Bayern" });
    const holidays = await test.api.get("/api/holiday-calendars/holidays?country=DE&state=BY&year=2024", { as: agent.session });
    expect(holidays.body.data).toContainEqual({ date: "2024-05-30", name: "Corpus Christi" });
    expect(holidays.body.data.map((holiday: { date: string }) => holiday.date)).not.toContain("2024-10-31");
  });
});
