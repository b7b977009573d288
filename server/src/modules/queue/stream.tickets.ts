import type { ServerResponse } from "node:http";
import type { Ctx } from "../../platform/context.js";
import type { BusMessage } from "../../platform/events/bus.js";
import { type StreamHub, writeEvent } from "../../platform/events/hub.js";
import * as repo from "./queue.repository.js";
import { estimate, getPublicTicket, waitModel } from "./tickets.service.js";

interface Watch {
  ticketId: string;
  code: string;
  queueId: string;
  res: ServerResponse;
  lastAhead: number | null;
  /** The estimate last sent: it changes without the place, when a window the queue shares is freed or taken. */
  lastWait: number | null;
}

/**
 * Live-ticket pages. A call in a queue moves everyone behind it; rather than one query per page,
 * a queue's waiting order is read once per burst of events and every watcher gets its place.
 */
export class TicketWatcher {
  private byQueue = new Map<string, Set<Watch>>();
  /** Per queue, the burst to flush: the tickets that moved, and whether a bulk change (day end) touched every one. */
  private pending = new Map<string, { siteId: string; date: string; changed: Set<string>; all: boolean }>();

  constructor(
    private hub: StreamHub,
    private ctx: () => Ctx,
  ) {}

  async watch(code: string, res: ServerResponse): Promise<void> {
    const t = await repo.findTicketByCode(this.hub.db, code);
    if (!t) return;
    const w: Watch = { ticketId: t.id, code, queueId: t.queue_id, res, lastAhead: null, lastWait: null };
    const state = await getPublicTicket(this.ctx(), code);
    w.lastAhead = state.peopleAhead;
    w.lastWait = state.estimatedWaitMin;
    writeEvent(res, "ticket", state);
    this.add(w);
    res.on("close", () => this.remove(w));
    await this.hub.join(
      t.site_id,
      {
        res,
        // Any ticket's move at the site and any window's state: a call or a finish in another queue,
        // or a window opening or pausing, frees or takes a window this queue shares, which changes
        // the estimate though no place in line moves.
        accepts: (m) =>
          m.ticketId === w.ticketId || m.type.startsWith("ticket.") || m.type.startsWith("tickets.") || m.type === "window.state",
        // A move of this very ticket is refreshed under the line it is in now, which a transfer
        // is about to change; a move in this queue under it; a move elsewhere refreshes this
        // queue's estimates (and marks no ticket of it as moved).
        onMessage: (m) => {
          if (m.ticketId === w.ticketId || !m.queueId) this.schedule(m, t.service_date, w.queueId);
          else if (m.queueId === w.queueId) this.schedule(m, t.service_date, m.queueId);
          else this.schedule({ ...m, ticketId: null }, t.service_date, w.queueId);
        },
      },
      null,
    );
  }

  private add(w: Watch) {
    let set = this.byQueue.get(w.queueId);
    if (!set) {
      set = new Set();
      this.byQueue.set(w.queueId, set);
    }
    set.add(w);
  }

  private remove(w: Watch) {
    const set = this.byQueue.get(w.queueId);
    set?.delete(w);
    if (set?.size === 0) this.byQueue.delete(w.queueId);
  }

  private schedule(m: BusMessage, date: string, queueId: string) {
    const bulk = m.type.startsWith("tickets.");
    const p = this.pending.get(queueId);
    if (p) {
      if (m.ticketId) p.changed.add(m.ticketId);
      p.all ||= bulk;
      return;
    }
    this.pending.set(queueId, { siteId: m.siteId, date, changed: new Set(m.ticketId ? [m.ticketId] : []), all: bulk });
    setTimeout(() => void this.flush(queueId), 20);
  }

  private async flush(queueId: string) {
    const p = this.pending.get(queueId);
    this.pending.delete(queueId);
    const set = this.byQueue.get(queueId);
    if (!p || !set) return;
    try {
      const ids = await repo.waitingIds(this.hub.db, p.siteId, queueId, p.date);
      // The same model as the ticket's own page (tickets.service.ts), so a place reads the same everywhere.
      const model = await waitModel(this.hub.db, p.siteId, queueId, p.date);
      for (const w of [...set]) {
        const waiting = ids.includes(w.ticketId);
        // A ticket no longer waiting is sent once (its state says why); after that only its own moves.
        if (p.all || p.changed.has(w.ticketId) || (!waiting && w.lastAhead !== null)) {
          // The ticket itself moved (called, transferred, finished…): send its whole state.
          const state = await getPublicTicket(this.ctx(), w.code);
          writeEvent(w.res, "ticket", state);
          const row = await repo.findTicket(this.hub.db, w.ticketId);
          if (row && row.queue_id !== w.queueId) {
            this.remove(w);
            w.queueId = row.queue_id;
            this.add(w);
          }
          w.lastAhead = state.peopleAhead;
          w.lastWait = state.estimatedWaitMin;
          continue;
        }
        if (!waiting) continue;
        const ahead = ids.indexOf(w.ticketId);
        const wait = estimate(ahead, model);
        if (ahead === w.lastAhead && wait === w.lastWait) continue;
        w.lastAhead = ahead;
        w.lastWait = wait;
        writeEvent(w.res, "position", { peopleAhead: ahead, estimatedWaitMin: wait });
      }
    } catch {
      // A failed refresh is retried by the next event; the page also re-reads on reconnect.
    }
  }
}
