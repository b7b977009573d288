import { z } from "zod";
import { defineEvents, type PayloadsOf } from "../events/types.js";

/** A day whose working status changed (a holiday or make-up day marked, cleared, or a year imported). */
export const ChangedDay = z.object({
  date: z.string(),
  wasWorking: z.boolean(),
  isWorking: z.boolean(),
  name: z.string().nullable(),
});

/**
 * On the district stream, in the calendar write's transaction. The open legal clocks it can move are
 * recomputed right after the commit (each moved one gets its own `deadline.moved`).
 */
export const CalendarChangedData = z.object({
  change: z.enum(["year_imported", "day_set", "day_cleared"]),
  year: z.number().describe("the year written"),
  /** A year newly covered: clocks counted Monday–Friday in it are provisional no longer. */
  yearNewlyCovered: z.boolean(),
  changedDays: z.array(ChangedDay).describe("days whose working status changed, in order"),
});

export const calendarEvents = defineEvents({ "calendar.changed": CalendarChangedData });

declare module "../events/types.js" {
  interface EventMap extends PayloadsOf<typeof calendarEvents> {}
}
