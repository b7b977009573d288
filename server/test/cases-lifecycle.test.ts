import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STEPS, type StepName } from "../src/modules/cases/cases.steps.js";
import { applicant, ID_CARD, ok, openCase, PHOTO, problem, SOCIAL_CARD, step } from "./cases-helpers.js";
import { ENGINE, json, setup, type TestEnv } from "./helpers.js";

/**
 * The lifecycle table walked exhaustively: from every state, every step. A step listed for the
 * state succeeds and lands where the table says; every other one is 409 `case_bad_state` and
 * changes nothing (state, timeline, audit). The district administrator acts, so a refusal is
 * never about permission.
 */
const PATH: Record<StepName, string> = {
  request_correction: "correction",
  supply: "supply",
  accept: "accept",
  refuse: "refuse",
  forward: "forward",
  withdraw: "withdraw",
  return: "return",
  claim: "claim",
  submit_review: "submit-review",
  send_back: "send-back",
  return_to_front: "return-to-front",
  resubmit: "resubmit",
  decide: "decide",
  complete: "complete",
  deliver: "deliver",
  pause: "pause",
  resume: "resume",
  extend: "extend",
};
const BODY: Record<StepName, Record<string, unknown>> = {
  request_correction: { materials: [{ name: PHOTO, status: "missing" }] },
  supply: { materials: [{ name: PHOTO, status: "received" }] },
  accept: {},
  refuse: { reason: "不符合受理条件" },
  forward: {},
  withdraw: { reason: "申请人撤回" },
  return: {},
  claim: {},
  submit_review: { opinion: "拟准予" },
  send_back: { opinion: "请补充核查" },
  return_to_front: { reason: "非本部门事项" },
  resubmit: { opinion: "已核实" },
  decide: { decision: "granted", opinion: "准予" },
  complete: { resultNumber: "R-1" },
  deliver: { method: "post", trackingNumber: "SF1234567890" },
  pause: { reasonCode: "专家评审", reason: "需专家评审", expectedDays: 3 },
  resume: {},
  extend: { days: 5, reason: "情况复杂，经负责人批准" },
};
/** How to reach each state from a fresh case. */
const ROUTE: Record<string, StepName[]> = {
  received: [],
  correction_requested: ["request_correction"],
  supplied: ["request_correction", "supply"],
  forwarded: ["forward"],
  accepted: ["accept"],
  processing: ["accept", "claim"],
  review: ["accept", "claim", "submit_review"],
  paused: ["accept", "claim", "pause"],
  sent_back: ["accept", "claim", "return_to_front"],
  decided: ["accept", "claim", "submit_review", "decide"],
  completed: ["accept", "claim", "submit_review", "decide", "complete"],
  delivered: ["accept", "claim", "submit_review", "decide", "complete", "deliver"],
  refused: ["refuse"],
  withdrawn: ["withdraw"],
};
/** Where a legal step lands from a state (the table's `to`, with resume back to where it paused). */
const TO: Partial<Record<StepName, string>> = {
  request_correction: "correction_requested",
  supply: "supplied",
  accept: "accepted",
  refuse: "refused",
  forward: "forwarded",
  withdraw: "withdrawn",
  claim: "processing",
  submit_review: "review",
  send_back: "processing",
  return_to_front: "sent_back",
  resubmit: "accepted",
  decide: "decided",
  complete: "completed",
  deliver: "delivered",
  pause: "paused",
  resume: "processing",
};

describe(`case lifecycle table on ${ENGINE}`, () => {
  let env: TestEnv;
  let admin: string;
  let front: string;
  let zgc: string;
  let n = 100;

  beforeAll(async () => {
    env = await setup({ now: "2026-12-07T02:00:00.000Z" });
    admin = await env.login("admin");
    front = await env.login("zgc.window1");
    zgc = await env.siteId("zgc-street");
  });
  afterAll(() => env.close());

  async function caseIn(state: string): Promise<string> {
    const r = await ok(
      await openCase(env, front, zgc, {
        itemCode: SOCIAL_CARD,
        applicant: applicant(n++),
        materials: [{ name: ID_CARD, status: "received" }],
      }),
      201,
    );
    for (const s of ROUTE[state] ?? []) await ok(await step(env, admin, r.case.id, PATH[s], BODY[s]));
    return r.case.id;
  }
  const legalFrom = (state: string) =>
    (Object.keys(STEPS) as StepName[]).filter((k) => (STEPS[k].from as readonly string[]).includes(state));
  /** A legal step from `state` on a fresh case lands where the table says (or names the rule that still stands). */
  async function takeLegal(state: string, name: StepName) {
    const fresh = await caseIn(state);
    const res = await step(env, admin, fresh, PATH[name], BODY[name]);
    // Legal from this state, but only once the correction deadline has passed (tested below).
    if (name === "return") return problem(res, 409, "correction_not_overdue");
    if (name === "request_correction" && state === "supplied") return problem(res, 409, "correction_already_issued");
    const moved = await ok(res);
    const expected = name === "extend" ? state : name === "resume" ? "processing" : TO[name];
    expect(moved.case.state, `${state} --${name}-->`).toBe(expected);
  }
  const read = async (id: string) => json((await env.app.inject({ url: `/api/cases/${id}`, headers: { cookie: admin } })).body);

  for (const state of Object.keys(ROUTE)) {
    it(`from ${state}: the listed steps succeed, every other is refused with 409 and changes nothing`, async () => {
      const id = await caseIn(state);
      const before = await read(id);
      expect(before.state).toBe(state);
      const audits = async () => (await env.handle.db.selectFrom("audit_log").select("id").where("entity_id", "=", id).execute()).length;
      const auditBefore = await audits();
      for (const name of Object.keys(STEPS) as StepName[]) {
        if (!legalFrom(state).includes(name)) await problem(await step(env, admin, id, PATH[name], BODY[name]), 409, "case_bad_state");
      }
      const after = await read(id);
      expect(after.state).toBe(state);
      expect(after.steps).toHaveLength(before.steps.length);
      expect(await audits()).toBe(auditBefore);
      for (const name of legalFrom(state)) await takeLegal(state, name);
    });
  }

  it("a case whose correction was not supplied in time is returned (退件), not before", async () => {
    const id = await caseIn("correction_requested");
    const c = await read(id);
    expect(c.correctionDue).toBe("2026-12-14");
    env.clock.set("2026-12-14T08:00:00.000Z");
    admin = await env.login("admin");
    front = await env.login("zgc.window1");
    await problem(await step(env, admin, id, "return"), 409, "correction_not_overdue");
    env.clock.set("2026-12-15T02:00:00.000Z");
    front = await env.login("zgc.window1");
    const r = await ok(await step(env, front, id, "return"));
    expect(r.case.state).toBe("returned");
    expect(r.case.resultReason).toContain("2026-12-14");
    admin = await env.login("admin");
    for (const name of Object.keys(STEPS) as StepName[])
      await problem(await step(env, admin, id, PATH[name], BODY[name]), 409, "case_bad_state");
  });
});
