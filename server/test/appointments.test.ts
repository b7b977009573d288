import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sweepAppointments } from "../src/modules/appointments/sweeper.js";
import { bookOnline, code, hold, person, publicServices, quietEnv, staffBook, systemCtx } from "./appointments-helpers.js";
import { json, setup, type TestEnv } from "./helpers.js";
import { callNext, issue, openWindow, queues, windowIds } from "./queue-helpers.js";

// Friday 2026-11-27 10:00 Beijing. Monday 2026-11-30 is a working day, 09:00–17:00 at zgc-street;
// the demo service books 4 places per 30-minute slot.
const NOW = "2026-11-27T02:00:00.000Z";
const MON = "2026-11-30";
const MON_0900 = "2026-11-30T01:00:00.000Z";

describe("appointments", () => {
  let env: TestEnv;
  let manager: string;
  let siteId: string;
  let serviceId: string;

  beforeEach(async () => {
    env = await setup({ now: NOW, env: { NOTIFY_DISPATCH_MS: "0", APPOINTMENT_SWEEP_MS: "0", PUBLIC_BOOKING_LIMIT: "0" } });
    manager = await env.login("zgc.manager");
    siteId = await env.siteId("zgc-street");
    serviceId = (await publicServices(env))[0]?.id as string;
  });
  afterEach(async () => env.close());

  const outbox = (kind?: string) => {
    let q = env.handle.db.selectFrom("outbox").selectAll();
    if (kind) q = q.where("kind", "=", kind);
    return q.orderBy("created_at").execute();
  };
  const search = async (from = MON, days = 3) => {
    const res = await env.app.inject({
      url: `/api/public/sites/zgc-street/appointment-services/${serviceId}/slots?from=${from}&days=${days}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    return json(res.body) as {
      days: { date: string; slots: { start: string; free: number; capacity: number; bookable: boolean; waitlist: boolean }[] }[];
    };
  };
  const slotOf = async (date: string, start: string) => (await search(date, 1)).days[0]?.slots.find((s) => s.start === start);
  const patchService = async (patch: Record<string, unknown>) => {
    const res = await env.app.inject({
      method: "PATCH",
      url: `/api/sites/${siteId}/appointment-services/${serviceId}`,
      headers: { cookie: manager },
      payload: patch,
    });
    expect(res.statusCode, res.body).toBe(200);
  };

  it("searches real free places, holds, books with a code sent through the outbox, looks up, gives an .ics, cancels", async () => {
    const s = await search();
    // Monday to Wednesday, 16 half-hour slots each within 09:00–17:00, 4 places each.
    expect(s.days.map((d) => d.date)).toEqual([MON, "2026-12-01", "2026-12-02"]);
    expect(s.days[0]?.slots).toHaveLength(16);
    expect(s.days[0]?.slots[0]).toMatchObject({ start: "09:00", free: 4, capacity: 4, bookable: true });

    const p = person();
    const h = await hold(env, serviceId, MON, "09:00");
    expect(h.statusCode, h.body).toBe(201);
    expect((await slotOf(MON, "09:00"))?.free).toBe(3); // the hold takes a place at once

    const codeRes = await env.app.inject({
      method: "POST",
      url: "/api/public/appointments/verification-codes",
      payload: { phone: p.phone },
    });
    const sent = json(codeRes.body);
    expect(sent.demoCode).toMatch(/^\d{6}$/);
    const sms = await outbox("verification_code");
    expect(sms).toHaveLength(1);
    expect(sms[0]?.body).toContain(sent.demoCode);
    // One code a minute per mobile.
    expect(
      (await env.app.inject({ method: "POST", url: "/api/public/appointments/verification-codes", payload: { phone: p.phone } }))
        .statusCode,
    ).toBe(429);

    const token = json(h.body).holdToken;
    const wrong = await env.app.inject({
      method: "POST",
      url: `/api/public/appointments/holds/${token}/confirm`,
      payload: { ...p, verificationCode: sent.demoCode === "000000" ? "111111" : "000000" },
    });
    expect(wrong.statusCode).toBe(400);
    expect(json(wrong.body).code).toBe("verification_failed");
    const ok = await env.app.inject({
      method: "POST",
      url: `/api/public/appointments/holds/${token}/confirm`,
      payload: { ...p, verificationCode: sent.demoCode },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const booked = json(ok.body);
    expect(booked).toMatchObject({
      state: "booked",
      date: MON,
      start: "09:00",
      end: "09:30",
      applicantName: expect.stringMatching(/^测\*+$/),
      canCancel: true,
    });
    expect(booked.applicantPhone).toBe(`${p.phone.slice(0, 3)}****${p.phone.slice(-4)}`);
    expect(booked.applicantIdNumber).not.toContain(p.idNumber.slice(6, 14));
    expect((await outbox("confirmation"))[0]?.body).toContain(booked.code);
    expect((await slotOf(MON, "09:00"))?.free).toBe(3);

    const look = await env.app.inject({
      method: "POST",
      url: "/api/public/appointments/lookup",
      payload: { code: booked.code, phone: p.phone },
    });
    expect(json(look.body).code).toBe(booked.code);
    const otherPhone = await env.app.inject({
      method: "POST",
      url: "/api/public/appointments/lookup",
      payload: { code: booked.code, phone: "13000000000" },
    });
    expect(otherPhone.statusCode).toBe(404);

    expect(booked.icsUrl).toBe(`/api/public/appointments/by-code/${booked.code}/calendar.ics`);
    const ics = await env.app.inject({ url: booked.icsUrl });
    expect(ics.statusCode).toBe(200);
    // Messages sent before carry the earlier address: it still answers.
    const before = await env.app.inject({ url: `/api/public/appointments/${booked.code}/calendar.ics` });
    expect(before.statusCode).toBe(200);
    expect(before.body).toContain("DTSTART:20261130T010000Z");
    expect(ics.headers["content-type"]).toContain("text/calendar");
    expect(ics.body).toContain("DTSTART:20261130T010000Z");
    expect(ics.body).not.toContain(p.phone);

    // One booking per person per service per day.
    env.clock.advance(61_000);
    const again = await bookOnline(env, serviceId, MON, "10:00", p);
    expect(json(again.res.body).code).toBe("already_booked_that_day");

    const cancel = await env.app.inject({
      method: "POST",
      url: "/api/public/appointments/cancel",
      payload: { code: booked.code, phone: p.phone },
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(json(cancel.body).state).toBe("cancelled");
    expect((await slotOf(MON, "09:00"))?.free).toBe(4);
    // The refused confirmation leaves its hold until it runs out; the sweeper then frees the place.
    expect((await slotOf(MON, "10:00"))?.free).toBe(3);
    env.clock.advance(6 * 60_000);
    await sweepAppointments(systemCtx(env), quietEnv);
    expect((await slotOf(MON, "10:00"))?.free).toBe(4);
  });

  it("500 concurrent attempts for the last 10 places give exactly 10 holds, and only holds can be confirmed", async () => {
    // 12 places that day; 2 already booked by phone.
    const day = await env.app.inject({
      method: "PUT",
      url: `/api/sites/${siteId}/appointment-services/${serviceId}/days/${MON}`,
      headers: { cookie: manager },
      payload: { capacity: 12, note: "加开窗口" },
    });
    expect(day.statusCode, day.body).toBe(200);
    for (let i = 0; i < 2; i++) expect((await staffBook(env, manager, siteId, serviceId, MON, "14:00")).res.statusCode).toBe(201);
    expect((await slotOf(MON, "14:00"))?.free).toBe(10);

    const results = await Promise.all(Array.from({ length: 500 }, () => hold(env, serviceId, MON, "14:00")));
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(10);
    expect(codes.filter((c) => c === 409)).toHaveLength(490);
    expect(new Set(results.filter((r) => r.statusCode === 409).map((r) => json(r.body).code))).toEqual(new Set(["slot_full"]));
    const slot = await env.handle.db.selectFrom("appointment_slots").selectAll().where("start", "=", "14:00").executeTakeFirstOrThrow();
    expect(Number(slot.taken)).toBe(12);
    const held = await env.handle.db.selectFrom("appointments").select("id").where("state", "=", "held").execute();
    expect(held).toHaveLength(10);
    expect((await slotOf(MON, "14:00"))?.free).toBe(0);
    expect((await slotOf(MON, "14:00"))?.waitlist).toBe(true);

    // Staff booking the full slot is refused too, and nothing is left behind.
    const refused = await staffBook(env, manager, siteId, serviceId, MON, "14:00");
    expect(refused.res.statusCode).toBe(409);
    expect(await env.handle.db.selectFrom("appointments").select("id").where("state", "=", "booked").execute()).toHaveLength(2);
  });

  it("500 concurrent staff bookings for the last 10 places book exactly 10", async () => {
    await env.app.inject({
      method: "PUT",
      url: `/api/sites/${siteId}/appointment-services/${serviceId}/days/${MON}`,
      headers: { cookie: manager },
      payload: { capacity: 10 },
    });
    const people = Array.from({ length: 500 }, () => person());
    const results = await Promise.all(people.map((p) => staffBook(env, manager, siteId, serviceId, MON, "15:00", p)));
    expect(results.filter((r) => r.res.statusCode === 201)).toHaveLength(10);
    expect(results.filter((r) => r.res.statusCode === 409)).toHaveLength(490);
    const booked = await env.handle.db
      .selectFrom("appointments")
      .select("id")
      .where("state", "=", "booked")
      .where("start", "=", "15:00")
      .execute();
    expect(booked).toHaveLength(10);
  });

  it("8-hour rule: a late cancellation by the site is refused, a site manager's override records its reason for the district", async () => {
    const { res, person: p } = await bookOnline(env, serviceId, MON, "09:00");
    expect(res.statusCode, res.body).toBe(201);
    const bookingCode = json(res.body).code;
    const list = json(
      (await env.app.inject({ url: `/api/sites/${siteId}/appointments?from=${MON}&to=${MON}`, headers: { cookie: manager } })).body,
    );
    const id = list[0].id;

    // Monday 01:30 Beijing: 7.5 hours before 09:00.
    env.clock.set("2026-11-29T17:30:00.000Z");
    manager = await env.login("zgc.manager"); // sessions last 12 hours
    const refused = await env.app.inject({
      method: "POST",
      url: `/api/appointments/${id}/cancel-by-site`,
      headers: { cookie: manager },
      payload: { explanation: "系统升级，暂停办理" },
    });
    expect(refused.statusCode).toBe(409);
    expect(json(refused.body).code).toBe("notice_too_late");
    // Window staff cannot cancel for the site, nor override.
    const staff = await env.login("zgc.window1");
    const byStaff = await env.app.inject({
      method: "POST",
      url: `/api/appointments/${id}/cancel-by-site`,
      headers: { cookie: staff },
      payload: { explanation: "系统升级，暂停办理", overrideReason: "我想取消" },
    });
    expect(byStaff.statusCode).toBe(403);

    const overridden = await env.app.inject({
      method: "POST",
      url: `/api/appointments/${id}/cancel-by-site`,
      headers: { cookie: manager },
      payload: { explanation: "系统升级，暂停办理", overrideReason: "区政务服务管理办公室临时通知停电检修" },
    });
    expect(overridden.statusCode, overridden.body).toBe(200);
    expect(json(overridden.body).override).toBe(true);

    // The district office sees it; another site's manager does not.
    const supervisor = await env.login("supervisor");
    const seen = json((await env.app.inject({ url: "/api/appointment-overrides", headers: { cookie: supervisor } })).body);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      action: "cancel",
      minutesBefore: 450,
      overrideReason: "区政务服务管理办公室临时通知停电检修",
      userName: "zgc.manager",
    });
    const other = await env.login("xyl.manager");
    expect(json((await env.app.inject({ url: "/api/appointment-overrides", headers: { cookie: other } })).body)).toHaveLength(0);
    const auditRows = await env.handle.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "appointment.site_cancel_override")
      .execute();
    expect(auditRows).toHaveLength(1);

    // The applicant is told why and can rebook in one click (no new code, any time).
    const msg = (await outbox("cancelled_by_site"))[0];
    expect(msg?.body).toContain("系统升级，暂停办理");
    expect(msg?.body).toContain(`/portal/booking/my?code=${bookingCode}`);
    const look = json(
      (await env.app.inject({ method: "POST", url: "/api/public/appointments/lookup", payload: { code: bookingCode, phone: p.phone } }))
        .body,
    );
    expect(look).toMatchObject({ state: "cancelled_by_site", canRebook: true, cancelReason: "系统升级，暂停办理" });
    // The link in the message opens it without the mobile number: code plus the link's secret.
    const token = /[?&]t=([\w-]+)/.exec(msg?.body ?? "")?.[1] as string;
    expect(token).toBeTruthy();
    const wrongToken = await env.app.inject({
      method: "POST",
      url: "/api/public/appointments/lookup",
      payload: { code: bookingCode, token: `${token}x` },
    });
    expect(wrongToken.statusCode).toBe(404);
    const rebook = await env.app.inject({
      method: "POST",
      url: "/api/public/appointments/move",
      payload: { code: bookingCode, token, date: "2026-12-01", start: "10:00" },
    });
    expect(rebook.statusCode, rebook.body).toBe(201);
    expect(json(rebook.body)).toMatchObject({ state: "booked", date: "2026-12-01", start: "10:00" });
    const twice = await env.app.inject({
      method: "POST",
      url: "/api/public/appointments/move",
      payload: { code: bookingCode, phone: p.phone, date: "2026-12-01", start: "11:00" },
    });
    expect(json(twice.body).code).toBe("already_rebooked");
    // The rebooked appointment moved on (before its cutoff): the cancelled one still gives no second rebook.
    const moved = await env.app.inject({
      method: "POST",
      url: "/api/public/appointments/move",
      payload: { code: json(rebook.body).code, phone: p.phone, date: "2026-12-01", start: "11:30" },
    });
    expect(moved.statusCode, moved.body).toBe(201);
    const again = await env.app.inject({
      method: "POST",
      url: "/api/public/appointments/move",
      payload: { code: bookingCode, phone: p.phone, date: "2026-12-02", start: "09:00" },
    });
    expect(json(again.body).code).toBe("already_rebooked");
  });

  it("a site move with 8 hours' notice needs no override and sends the new time with the reason", async () => {
    const { res } = await bookOnline(env, serviceId, MON, "09:00");
    expect(res.statusCode).toBe(201);
    const id = json(
      (await env.app.inject({ url: `/api/sites/${siteId}/appointments?from=${MON}&to=${MON}`, headers: { cookie: manager } })).body,
    )[0].id;
    env.clock.set("2026-11-29T16:00:00.000Z"); // 9 hours before
    manager = await env.login("zgc.manager");
    const moved = await env.app.inject({
      method: "POST",
      url: `/api/appointments/${id}/move-by-site`,
      headers: { cookie: manager },
      payload: { explanation: "窗口人员参加培训", date: MON, start: "14:00" },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(json(moved.body)).toMatchObject({
      override: false,
      appointment: { state: "moved_by_site" },
      movedTo: { state: "booked", start: "14:00" },
    });
    const msg = (await outbox("moved_by_site"))[0];
    expect(msg?.body).toContain("窗口人员参加培训");
    expect(msg?.body).toContain(json(moved.body).movedTo.code);
    expect(await env.handle.db.selectFrom("appointment_overrides").selectAll().execute()).toHaveLength(0);
  });

  it("no-shows: N missed in M days block booking for K days; a manager lifts it with a reason", async () => {
    await patchService({ noShowLimit: 2, noShowWindowDays: 30, noShowBlockDays: 10, perIdLimit: 5 });
    const p = person();
    expect((await staffBook(env, manager, siteId, serviceId, MON, "09:00", p)).res.statusCode).toBe(201);
    expect((await staffBook(env, manager, siteId, serviceId, "2026-12-01", "09:00", p)).res.statusCode).toBe(201);
    env.clock.set("2026-12-01T02:00:00.000Z"); // Tuesday 10:00: both slots are over
    manager = await env.login("zgc.manager");
    const swept = await sweepAppointments(systemCtx(env), quietEnv);
    expect(swept.noShows).toBe(2);

    const blocked = await staffBook(env, manager, siteId, serviceId, "2026-12-02", "09:00", p);
    expect(blocked.res.statusCode).toBe(409);
    expect(json(blocked.res.body).code).toBe("booking_restricted");
    expect(json(blocked.res.body).errors.blockedUntil).toBe("2026-12-11T01:00:00.000Z");

    const list = json((await env.app.inject({ url: `/api/sites/${siteId}/appointment-restrictions`, headers: { cookie: manager } })).body);
    expect(list).toEqual([expect.objectContaining({ idNumber: p.idNumber, noShows: 2, applicantName: expect.stringMatching(/^测\*+$/) })]);
    const noReason = await env.app.inject({
      method: "POST",
      url: `/api/sites/${siteId}/appointment-restrictions/lift`,
      headers: { cookie: manager },
      payload: { idNumber: p.idNumber, reason: "" },
    });
    expect(noReason.statusCode).toBe(400);
    const lift = await env.app.inject({
      method: "POST",
      url: `/api/sites/${siteId}/appointment-restrictions/lift`,
      headers: { cookie: manager },
      payload: { idNumber: p.idNumber, reason: "申请人住院，提供了证明" },
    });
    expect(lift.statusCode, lift.body).toBe(200);
    expect((await staffBook(env, manager, siteId, serviceId, "2026-12-02", "09:00", p)).res.statusCode).toBe(201);
    expect(
      json((await env.app.inject({ url: `/api/sites/${siteId}/appointment-restrictions`, headers: { cookie: manager } })).body),
    ).toEqual([]);
  });

  it("waitlist: a freed place is offered to the first in line, who takes it with one click", async () => {
    await env.app.inject({
      method: "PUT",
      url: `/api/sites/${siteId}/appointment-services/${serviceId}/days/${MON}`,
      headers: { cookie: manager },
      payload: { capacity: 1 },
    });
    const first = await bookOnline(env, serviceId, MON, "09:00");
    expect(first.res.statusCode).toBe(201);
    const waiter = person();
    const other = person();
    for (const w of [waiter, other]) {
      const joined = await env.app.inject({
        method: "POST",
        url: "/api/public/appointments/waitlist",
        payload: { serviceId, date: MON, start: "09:00", ...w, verificationCode: await code(env, w.phone) },
      });
      expect(joined.statusCode, joined.body).toBe(201);
    }
    const cancel = await env.app.inject({
      method: "POST",
      url: "/api/public/appointments/cancel",
      payload: { code: json(first.res.body).code, phone: first.person.phone },
    });
    expect(cancel.statusCode).toBe(200);
    // Still full: the place is held for the first waiter.
    expect((await slotOf(MON, "09:00"))?.free).toBe(0);
    const offer = (await outbox("waitlist_offer"))[0];
    expect(offer?.recipient).toBe(waiter.phone);
    const token = /token=([\w-]+)/.exec(offer?.body ?? "")?.[1] as string;
    const shown = await env.app.inject({ url: `/api/public/appointments/offers/${token}` });
    expect(json(shown.body)).toMatchObject({ state: "held", start: "09:00" });
    const accepted = await env.app.inject({ method: "POST", url: `/api/public/appointments/offers/${token}/accept` });
    expect(accepted.statusCode, accepted.body).toBe(201);
    expect(json(accepted.body).state).toBe("booked");
    expect((await env.app.inject({ method: "POST", url: `/api/public/appointments/offers/${token}/accept` })).statusCode).toBe(410);
  });

  it("an offer not taken in time passes to the next in line", async () => {
    await env.app.inject({
      method: "PUT",
      url: `/api/sites/${siteId}/appointment-services/${serviceId}/days/${MON}`,
      headers: { cookie: manager },
      payload: { capacity: 1 },
    });
    const first = await bookOnline(env, serviceId, MON, "09:00");
    const [a, b] = [person(), person()];
    for (const w of [a, b]) {
      await env.app.inject({
        method: "POST",
        url: "/api/public/appointments/waitlist",
        payload: { serviceId, date: MON, start: "09:00", ...w, verificationCode: await code(env, w.phone) },
      });
    }
    await env.app.inject({
      method: "POST",
      url: "/api/public/appointments/cancel",
      payload: { code: json(first.res.body).code, phone: first.person.phone },
    });
    env.clock.advance(31 * 60_000);
    await sweepAppointments(systemCtx(env), quietEnv);
    const offers = await outbox("waitlist_offer");
    expect(offers.map((o) => o.recipient)).toEqual([a.phone, b.phone]);
  });

  it("check-in: on time gives an appointment ticket served first within its slot; past the grace period a normal ticket", async () => {
    const kioskDevice = await env.app.inject({
      method: "POST",
      url: `/api/sites/${siteId}/devices`,
      headers: { cookie: manager },
      payload: { kind: "kiosk", name: "预约签到机" },
    });
    expect(kioskDevice.statusCode, kioskDevice.body).toBe(201);
    const kiosk = { authorization: `Bearer ${json(kioskDevice.body).token}` };
    const onTime = await bookOnline(env, serviceId, MON, "09:00");
    const late = await bookOnline(env, serviceId, MON, "09:30");
    const early = await bookOnline(env, serviceId, MON, "10:00");

    // A walk-in takes a normal ticket at 09:05, before the appointment holder arrives.
    env.clock.set("2026-11-30T01:05:00.000Z");
    const staff = await env.login("zgc.window1");
    const walkIn = await issue(env, staff, siteId, (await queues(env, staff, siteId)).A as string);
    env.clock.set("2026-11-30T01:10:00.000Z"); // 09:10
    const a = await env.app.inject({
      method: "POST",
      url: `/api/sites/${siteId}/appointments/check-in`,
      headers: kiosk,
      payload: { code: json(onTime.res.body).code },
    });
    expect(a.statusCode, a.body).toBe(201);
    expect(json(a.body)).toMatchObject({ onTime: true, ticket: { channel: "appointment" }, appointment: { state: "checked_in" } });
    const ticketA = await env.handle.db
      .selectFrom("tickets")
      .selectAll()
      .where("id", "=", json(a.body).ticket.id)
      .executeTakeFirstOrThrow();
    expect(ticketA.appointment_at).toBe(MON_0900);
    expect(ticketA.special).toBe(1);
    // Few people ahead: the holder is texted once that their turn is near.
    await sweepAppointments(systemCtx(env), quietEnv);
    await sweepAppointments(systemCtx(env), quietEnv);
    const soon = await outbox("called_soon");
    expect(soon.map((m) => m.recipient)).toEqual([onTime.person.phone]);
    expect(soon[0]?.body).toContain(ticketA.number);
    // The calling order serves the appointment first within its slot, ahead of the earlier walk-in.
    const w1 = (await windowIds(env, staff, siteId))[1] as string;
    await openWindow(env, staff, w1);
    const called = await callNext(env, staff, w1);
    expect(json(called.body).id).toBe(json(a.body).ticket.id);
    expect(json(called.body).id).not.toBe(walkIn.id);
    const twice = await env.app.inject({
      method: "POST",
      url: `/api/sites/${siteId}/appointments/check-in`,
      headers: kiosk,
      payload: { code: json(onTime.res.body).code },
    });
    expect(json(twice.body).code).toBe("already_checked_in");

    env.clock.set("2026-11-30T01:50:00.000Z"); // 09:50: 20 minutes into the 09:30 slot, grace is 15
    const b = await env.app.inject({
      method: "POST",
      url: `/api/sites/${siteId}/appointments/check-in`,
      headers: kiosk,
      payload: { idNumber: late.person.idNumber },
    });
    expect(b.statusCode, b.body).toBe(201);
    expect(json(b.body)).toMatchObject({ onTime: false, ticket: { channel: "kiosk" } });
    const ticketB = await env.handle.db
      .selectFrom("tickets")
      .selectAll()
      .where("id", "=", json(b.body).ticket.id)
      .executeTakeFirstOrThrow();
    expect(ticketB.appointment_at).toBeNull();

    // Early for 10:00 at the counter: an appointment ticket that joins the appointment lane when its slot begins.
    const c = await env.app.inject({
      method: "POST",
      url: `/api/sites/${siteId}/appointments/check-in`,
      headers: { cookie: staff },
      payload: { code: json(early.res.body).code },
    });
    expect(json(c.body)).toMatchObject({ onTime: true, ticket: { channel: "appointment" } });

    // Not today: refused.
    const tomorrow = await bookOnline(env, serviceId, "2026-12-01", "09:00");
    const d = await env.app.inject({
      method: "POST",
      url: `/api/sites/${siteId}/appointments/check-in`,
      headers: kiosk,
      payload: { code: json(tomorrow.res.body).code },
    });
    expect(json(d.body).code).toBe("not_today");
  });

  it("check-in is all or nothing: concurrent check-ins of one booking give one ticket; a ticket refused leaves the booking as it was", async () => {
    const first = await bookOnline(env, serviceId, MON, "09:00");
    const second = await bookOnline(env, serviceId, MON, "09:00");
    env.clock.set("2026-11-30T01:05:00.000Z"); // 09:05
    const staff = await env.login("zgc.window1");
    manager = await env.login("zgc.manager");
    const checkIn = (payload: Record<string, unknown>) =>
      env.app.inject({ method: "POST", url: `/api/sites/${siteId}/appointments/check-in`, headers: { cookie: staff }, payload });
    const bookingOf = (c: string) => env.handle.db.selectFrom("appointments").selectAll().where("code", "=", c).executeTakeFirstOrThrow();
    const ticketsOf = (idNumber: string) =>
      env.handle.db.selectFrom("tickets").select(["id", "number"]).where("applicant_id_number", "=", idNumber).execute();

    const firstCode = json(first.res.body).code as string;
    const answers = await Promise.all(Array.from({ length: 10 }, () => checkIn({ code: firstCode })));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, ...Array(9).fill(409)]);
    expect(answers.filter((r) => r.statusCode === 409).every((r) => json(r.body).code === "already_checked_in")).toBe(true);
    const issued = await ticketsOf(first.person.idNumber);
    expect(issued).toHaveLength(1);
    expect((await bookingOf(firstCode)).ticket_id).toBe(issued[0]?.id);

    // The queue's tickets for today are used up: the check-in is refused and changes nothing.
    const service = (
      await env.handle.db.selectFrom("appointment_services").selectAll().where("id", "=", serviceId).executeTakeFirstOrThrow()
    ).queue_id as string;
    const used = await env.handle.db
      .selectFrom("number_counters")
      .select("last")
      .where("kind", "=", "ticket")
      .where("scope", "=", service)
      .executeTakeFirstOrThrow();
    const cap = (dailyCap: number | null) =>
      env.app.inject({
        method: "PATCH",
        url: `/api/sites/${siteId}/queues/${service}`,
        headers: { cookie: manager },
        payload: { dailyCap },
      });
    expect((await cap(Number(used.last))).statusCode).toBe(200);
    const secondCode = json(second.res.body).code as string;
    const refused = await checkIn({ idNumber: second.person.idNumber });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(json(refused.body).code).toBe("daily_cap_reached");
    expect(await bookingOf(secondCode)).toMatchObject({ state: "booked", ticket_id: null, checked_in_at: null });
    expect(await ticketsOf(second.person.idNumber)).toEqual([]);
    // With places again, the same booking checks in.
    expect((await cap(null)).statusCode).toBe(200);
    const ok = await checkIn({ code: secondCode });
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await bookingOf(secondCode)).state).toBe("checked_in");
  });

  it("reminders go out a day and an hour before, once each", async () => {
    const { res } = await bookOnline(env, serviceId, MON, "09:00");
    expect(res.statusCode).toBe(201);
    env.clock.set("2026-11-29T02:00:00.000Z"); // Sunday 10:00, 23 h before
    await sweepAppointments(systemCtx(env), quietEnv);
    await sweepAppointments(systemCtx(env), quietEnv);
    expect(await outbox("reminder_day")).toHaveLength(1);
    env.clock.set("2026-11-30T00:10:00.000Z"); // 08:10
    await sweepAppointments(systemCtx(env), quietEnv);
    expect(await outbox("reminder_hour")).toHaveLength(1);
  });

  it("the manager's calendar shows booked, held and free places, and the bookings export to .xlsx", async () => {
    await bookOnline(env, serviceId, MON, "09:00");
    await hold(env, serviceId, MON, "09:00");
    const cal = await env.app.inject({
      url: `/api/sites/${siteId}/appointment-services/${serviceId}/calendar?from=${MON}&days=1`,
      headers: { cookie: manager },
    });
    expect(cal.statusCode, cal.body).toBe(200);
    expect(json(cal.body)[0].slots[0]).toMatchObject({ start: "09:00", capacity: 4, booked: 1, held: 1, free: 2 });
    const xlsx = await env.app.inject({
      url: `/api/sites/${siteId}/appointments.xlsx?from=${MON}&to=${MON}`,
      headers: { cookie: manager },
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe("PK");
    // Another site's manager cannot read this site's bookings.
    const other = await env.login("xyl.manager");
    expect(
      (await env.app.inject({ url: `/api/sites/${siteId}/appointments?from=${MON}&to=${MON}`, headers: { cookie: other } })).statusCode,
    ).toBe(403);
  });

  it("a hold keeps the last place for its holder; when it runs out the place goes to the next person and the late confirmation is refused", async () => {
    await env.app.inject({
      method: "PUT",
      url: `/api/sites/${siteId}/appointment-services/${serviceId}/days/${MON}`,
      headers: { cookie: manager },
      payload: { capacity: 1 },
    });
    const first = await hold(env, serviceId, MON, "11:00");
    expect(first.statusCode).toBe(201);
    expect(json((await hold(env, serviceId, MON, "11:00")).body).code).toBe("slot_full");
    env.clock.advance(6 * 60_000); // the 5-minute hold runs out; no sweep needed
    const second = await hold(env, serviceId, MON, "11:00");
    expect(second.statusCode, second.body).toBe(201);
    const p = person();
    const late = await env.app.inject({
      method: "POST",
      url: `/api/public/appointments/holds/${json(first.body).holdToken}/confirm`,
      payload: { ...p, verificationCode: await code(env, p.phone) },
    });
    expect(late.statusCode).toBe(410);
    expect(json(late.body).code).toBe("hold_expired");
  });

  it("the applicant moves a booking before the cutoff, not after", async () => {
    const { res, person: p } = await bookOnline(env, serviceId, MON, "09:00");
    const bookingCode = json(res.body).code;
    const moved = await env.app.inject({
      method: "POST",
      url: "/api/public/appointments/move",
      payload: { code: bookingCode, phone: p.phone, date: MON, start: "15:00" },
    });
    expect(moved.statusCode, moved.body).toBe(201);
    const next = json(moved.body);
    expect(next).toMatchObject({ state: "booked", start: "15:00" });
    expect((await slotOf(MON, "09:00"))?.free).toBe(4);
    expect((await slotOf(MON, "15:00"))?.free).toBe(3);
    env.clock.set("2026-11-30T06:00:00.000Z"); // 14:00, one hour before; the cutoff is 2 hours
    const refused = await env.app.inject({
      method: "POST",
      url: "/api/public/appointments/move",
      payload: { code: next.code, phone: p.phone, date: MON, start: "16:00" },
    });
    expect(json(refused.body).code).toBe("cancel_cutoff_passed");
    const cancel = await env.app.inject({
      method: "POST",
      url: "/api/public/appointments/cancel",
      payload: { code: next.code, phone: p.phone },
    });
    expect(json(cancel.body).code).toBe("cancel_cutoff_passed");
  });

  it("a check-in for an item's service names the item on the ticket, with the guide version in force", async () => {
    const scjg = await env.siteId("scjg-hall");
    const scjgManager = await env.login("scjg.manager");
    const service = (await publicServices(env, "scjg-hall")).find((x) => x.name === "个体工商户设立登记") as { id: string };
    const booked = await staffBook(env, scjgManager, scjg, service.id, MON, "09:00");
    expect(booked.res.statusCode, booked.res.body).toBe(201);
    env.clock.set("2026-11-30T01:05:00.000Z");
    const staff = await env.login("scjg.window1");
    const r = await env.app.inject({
      method: "POST",
      url: `/api/sites/${scjg}/appointments/check-in`,
      headers: { cookie: staff },
      payload: { idNumber: booked.person.idNumber },
    });
    expect(r.statusCode, r.body).toBe(201);
    const t = await env.handle.db.selectFrom("tickets").selectAll().where("id", "=", json(r.body).ticket.id).executeTakeFirstOrThrow();
    expect(t.item_code).toBe("00013112800001");
    expect(t.item_version).toBeGreaterThanOrEqual(1);

    // An item is offered only with a queue that handles it.
    const queueA = (
      await env.handle.db.selectFrom("queues").select("id").where("site_id", "=", scjg).where("prefix", "=", "A").executeTakeFirstOrThrow()
    ).id;
    const item = await env.handle.db.selectFrom("items").select("id").where("code", "=", "00013112800001").executeTakeFirstOrThrow();
    const wrong = await env.app.inject({
      method: "POST",
      url: `/api/sites/${scjg}/appointment-services`,
      headers: { cookie: await env.login("scjg.manager") },
      payload: { queueId: queueA, itemId: item.id },
    });
    expect(wrong.statusCode).toBe(422);
    expect(json(wrong.body).code).toBe("item_not_in_queue");
  });
});
