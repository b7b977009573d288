import { z } from "zod";
import { defineEvents, eventSchema, type PayloadsOf } from "../events/types.js";

/**
 * Legal clock events: a clock's due date moved by a calendar change (to its site's stream, room key
 * `refs.<ownerKind>Id`, e.g. `refs.caseId`), and a clock that runs into a year the calendar does not
 * cover (to the district stream: the district administrator imports that year). No personal data.
 */
export const DeadlineEventData = eventSchema(
  "DeadlineEventData",
  z.object({
    clock: z.object({
      id: z.string(),
      ownerKind: z.string(),
      ownerId: z.string(),
      purpose: z.string(),
      siteId: z.string().nullable(),
      dueDate: z.string(),
      provisional: z.boolean(),
      uncoveredYears: z.array(z.number()),
    }),
    /** deadline.moved: the date before, and why it moved (zh/en). */
    previousDueDate: z.string().nullable(),
    explanation: z.object({ zh: z.string(), en: z.string() }),
  }),
);
export type DeadlineEventData = z.infer<typeof DeadlineEventData>;

export const deadlineEvents = defineEvents({
  "deadline.moved": DeadlineEventData,
  "deadline.provisional": DeadlineEventData,
});

declare module "../events/types.js" {
  interface EventMap extends PayloadsOf<typeof deadlineEvents> {}
}
