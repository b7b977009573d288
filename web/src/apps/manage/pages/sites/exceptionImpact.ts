import { api, call } from "../../../../api/client";

/** What a dated exception does to the people already counting on that day: asked before it is saved. */
export interface DayImpact {
  today: boolean;
  /** tickets still waiting or at a window now (today only) */
  openTickets: number;
  /** appointments still booked that day */
  bookings: number;
}

const beijingToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

export async function dayImpact(siteId: string, date: string, canReadAppointments: boolean): Promise<DayImpact> {
  const today = date === beijingToday();
  const [snapshot, bookings] = await Promise.all([
    today ? call(api.GET("/api/sites/{siteId}/queue-snapshot", { params: { path: { siteId } } })).catch(() => null) : null,
    canReadAppointments
      ? call(api.GET("/api/sites/{siteId}/appointments", { params: { path: { siteId }, query: { from: date, to: date } } })).catch(() => [])
      : [],
  ]);
  const openTickets = snapshot
    ? snapshot.queues.reduce((n, q) => n + q.waiting, 0) + snapshot.windows.filter((w) => w.currentTicket).length
    : 0;
  return { today, openTickets, bookings: bookings.filter((a) => a.state === "booked").length };
}
