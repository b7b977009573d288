import { z } from "zod";
import type { Row } from "../../db/schema.js";
import type { NewEvent } from "../../platform/events/store.js";
import { defineEvents, eventSchema, type PayloadsOf } from "../../platform/events/types.js";

/**
 * Appointment state changes, emitted to the site's stream in the change's own transaction (the
 * district wall and the site's screens can follow them). No personal data and no booking code.
 */
export const AppointmentEventData = eventSchema(
  "AppointmentEventData",
  z.object({
    appointment: z.object({
      id: z.string(),
      siteId: z.string(),
      serviceId: z.string(),
      date: z.string(),
      start: z.string(),
      startsAt: z.string(),
      state: z.string().describe("booked | checked_in | cancelled | cancelled_by_site | moved | moved_by_site | no_show"),
      channel: z.string(),
      rebookedFrom: z.string().nullable().describe("the booking this one replaces (a move or a rebook)"),
      ticketId: z.string().nullable().describe("the ticket issued at check-in"),
    }),
  }),
);
export type AppointmentEventData = z.infer<typeof AppointmentEventData>;

export const appointmentEvents = defineEvents({
  "appointment.booked": AppointmentEventData,
  "appointment.cancelled": AppointmentEventData,
  "appointment.moved": AppointmentEventData,
  "appointment.cancelled_by_site": AppointmentEventData,
  "appointment.checked_in": AppointmentEventData,
  "appointment.no_show": AppointmentEventData,
});

declare module "../../platform/events/types.js" {
  interface EventMap extends PayloadsOf<typeof appointmentEvents> {}
}

export type AppointmentEventType = keyof typeof appointmentEvents;

/** The event of a booking's new state, for its site's stream; the room key is `refs.appointmentId`. */
export function appointmentEvent(type: AppointmentEventType, a: Row<"appointments">): NewEvent<AppointmentEventType> {
  return {
    type,
    siteId: a.site_id,
    ticketId: a.ticket_id,
    refs: { appointmentId: a.id },
    data: {
      appointment: {
        id: a.id,
        siteId: a.site_id,
        serviceId: a.service_id,
        date: a.date,
        start: a.start,
        startsAt: a.starts_at,
        state: a.state,
        channel: a.channel,
        rebookedFrom: a.rebooked_from,
        ticketId: a.ticket_id,
      },
    },
  };
}
