import { z } from "zod";
import { defineEvents, eventSchema, type PayloadsOf } from "../../platform/events/types.js";
import { CASE_STATES } from "./cases.schema.js";

/**
 * Every case transition, emitted to the receiving site's stream in the change's own transaction,
 * with `refs.caseId` (the case's room) and `refs.departmentId`. No personal data.
 */
export const CaseEventData = eventSchema(
  "CaseEventData",
  z.object({
    case: z.object({
      id: z.string(),
      number: z.string(),
      state: z.enum(CASE_STATES),
      siteId: z.string(),
      departmentId: z.string(),
      itemCode: z.string(),
      dueDate: z.string().nullable(),
      dueFlag: z.string(),
      handlerId: z.string().nullable(),
    }),
    action: z.string().describe("the step: receive, request_correction, accept, claim, decide …"),
    documentId: z.string().nullable(),
  }),
);
export type CaseEventData = z.infer<typeof CaseEventData>;

export const CASE_EVENT_TYPES = [
  "case.received",
  "case.correction_requested",
  "case.supplied",
  "case.accepted",
  "case.refused",
  "case.forwarded",
  "case.withdrawn",
  "case.returned",
  "case.claimed",
  "case.submitted_for_review",
  "case.sent_back",
  "case.returned_to_front",
  "case.resubmitted",
  "case.decided",
  "case.completed",
  "case.delivered",
  "case.paused",
  "case.resumed",
  "case.extended",
  "case.deemed_accepted",
  "case.acceptance_due_soon",
  "case.due_soon",
  "case.overdue",
  "case.chased",
  "case.clock_recomputed",
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

export const caseEvents = defineEvents(
  Object.fromEntries(CASE_EVENT_TYPES.map((t) => [t, CaseEventData])) as Record<CaseEventType, typeof CaseEventData>,
);

declare module "../../platform/events/types.js" {
  interface EventMap extends PayloadsOf<typeof caseEvents> {}
}
