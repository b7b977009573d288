import { idCheckDigit } from "../server/src/platform/validation.js";
import { Client, fmt, percentile, startProcess } from "./lib.js";

/** A valid resident ID number (right check digit) per bench booking. */
const benchIdNumber = (n: string) => `11010119900101${n.slice(-3)}${idCheckDigit(`11010119900101${n.slice(-3)}`)}`;

/**
 * Slot search (issue 5): 50 bookable services at one site, each searched over 30 days — every
 * answer computes the slots of 30 days from the site's schedule and subtracts the places taken.
 * Some places are booked first so the counters are not empty. `conns` searches run at once.
 */
export async function appointmentsBench(opts: { rounds: number; conns: number }) {
  const s = await startProcess(["--import", "tsx", "src/main.ts", "serve"], { SEED: "demo", NOTIFY_DISPATCH_MS: "0" });
  const c = new Client(s.base, opts.conns);
  try {
    const manager = await c.login("zgc.manager");
    const site = (await c.req("GET", "/api/sites", manager)).body.find((x: { code: string }) => x.code === "zgc-street").id as string;
    const queueId = (await c.req("GET", `/api/sites/${site}/queues`, manager)).body[0].id as string;
    const services: string[] = [];
    for (let i = 0; i < 50; i++) {
      const r = await c.req("POST", `/api/sites/${site}/appointment-services`, manager, {
        queueId,
        name: `压测事项${i}`,
        slotMinutes: 30,
        capacity: 5,
        latestDays: 30,
        earliestHours: 0,
        perIdLimit: 20,
        perPhoneLimit: 20,
      });
      if (r.status !== 201) throw new Error(`create service: ${JSON.stringify(r.body)}`);
      services.push(r.body.id);
    }
    // Book some places on the first days so the search subtracts real counters.
    const first = (await c.req("GET", `/api/public/sites/zgc-street/appointment-services/${services[0]}/slots?days=30`, "")).body;
    let booked = 0;
    for (const [i, id] of services.entries()) {
      for (const day of first.days.slice(0, 10)) {
        const slot = day.slots.find((x: { bookable: boolean }) => x.bookable);
        if (!slot) continue;
        const n = String(i * 100 + booked).padStart(8, "0");
        const r = await c.req("POST", `/api/sites/${site}/appointments`, manager, {
          serviceId: id,
          date: day.date,
          start: slot.start,
          channel: "phone",
          name: "压测",
          phone: `139${n}`,
          idNumber: benchIdNumber(n),
        });
        if (r.status === 201) booked++;
      }
    }
    // Warm-up, then the measured searches.
    for (const id of services) await c.req("GET", `/api/public/sites/zgc-street/appointment-services/${id}/slots?days=30`, "");
    const lat: number[] = [];
    let errors = 0;
    let slots = 0;
    const jobs = Array.from({ length: opts.rounds }, (_, r) => services.map((id) => ({ id, r }))).flat();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: opts.conns }, async () => {
        for (let job = jobs.shift(); job; job = jobs.shift()) {
          const t = performance.now();
          const res = await c.req("GET", `/api/public/sites/zgc-street/appointment-services/${job.id}/slots?days=30`, "");
          lat.push(performance.now() - t);
          if (res.status !== 200) errors++;
          else slots += res.body.days.reduce((n: number, d: { slots: unknown[] }) => n + d.slots.length, 0);
        }
      }),
    );
    const secs = (performance.now() - t0) / 1000;
    lat.sort((a, b) => a - b);
    console.log(
      `appointment slot search (SQLite, 50 services × 30 days, ${booked} bookings, ${opts.conns} concurrent, ${lat.length} searches, ~${Math.round(slots / lat.length)} slots each): p50 ${fmt(percentile(lat, 50))} ms, p99 ${fmt(percentile(lat, 99))} ms, max ${fmt(lat.at(-1) ?? Number.NaN)} ms, ${fmt(lat.length / secs, 0)} searches/s; errors ${errors}`,
    );
  } finally {
    await c.close();
    await s.stop();
  }
}
