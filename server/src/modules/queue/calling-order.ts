/**
 * Which waiting ticket a window calls next. Pure: the service loads the candidates, this decides.
 *
 * 1. A ticket transferred to this window by name comes first (it was referred here).
 * 2. Green-channel tickets (绿色通道) next.
 * 3. Appointment check-ins whose slot has begun, earliest slot first.
 * 4. Priority tickets (依法优先) go before normal ones by `priorityEvery`: 0 (the default, how
 *    halls and citizens read 依法优先) is "next in line", a priority ticket is always called
 *    before any normal one; N > 0 interleaves, one priority ticket after every N normal ones.
 * 5. Whatever N, priority never comes out worse than normal (the bound by age): a priority ticket
 *    is called no later than a normal ticket issued at the same moment in its queue would be. So
 *    when the head of the priority lane would be called before the head of the normal lane had it
 *    been a normal ticket (earlier arrival, or a preferred queue), it goes first, streak or not.
 *    With no normal ticket waiting, a priority one is taken at once.
 * 6. Within a class, queues in the window's order of preference, and first come, first served.
 *
 * The window's normal streak (normal tickets called since its last priority one) is kept across
 * closing and reopening the window, so signing out and in again does not reset the interleave.
 */
export const PRIORITY_CLASSES = ["normal", "elderly", "disabled", "pregnant", "military", "green"] as const;
export type PriorityClass = (typeof PRIORITY_CLASSES)[number];

export interface Candidate {
  id: string;
  queueId: string;
  priorityClass: PriorityClass;
  arrivedAt: string;
  /** Issue order within the ticket's first queue: breaks ties between equal arrival times. */
  seq: number;
  appointmentAt: string | null;
  targetWindowId: string | null;
}

export interface WindowView {
  windowId: string;
  /** queueId → rank (lower is preferred) */
  ranks: ReadonlyMap<string, number>;
  /** normal tickets called since this window last called a priority one */
  normalStreak: number;
}

export type Lane = "targeted" | "green" | "appointment" | "priority" | "normal";

export function laneOf(c: Candidate, w: WindowView, nowIso: string): Lane {
  if (c.targetWindowId === w.windowId) return "targeted";
  if (c.priorityClass === "green") return "green";
  if (c.appointmentAt && c.appointmentAt <= nowIso) return "appointment";
  return c.priorityClass === "normal" ? "normal" : "priority";
}

const byArrival = (a: Candidate, b: Candidate) => a.arrivedAt.localeCompare(b.arrivedAt) || a.seq - b.seq || a.id.localeCompare(b.id);
const byPreference = (w: WindowView) => (a: Candidate, b: Candidate) =>
  (w.ranks.get(a.queueId) ?? 99) - (w.ranks.get(b.queueId) ?? 99) || byArrival(a, b);

/** Orders the candidates a window may take, best first. Tickets targeted at other windows are left out. */
export function rankCandidates(candidates: Candidate[], w: WindowView, priorityEvery: number, nowIso: string): Candidate[] {
  const lanes: Record<Lane, Candidate[]> = { targeted: [], green: [], appointment: [], priority: [], normal: [] };
  for (const c of candidates) {
    if (c.targetWindowId && c.targetWindowId !== w.windowId) continue;
    if (!w.ranks.has(c.queueId) && c.targetWindowId !== w.windowId) continue;
    lanes[laneOf(c, w, nowIso)].push(c);
  }
  lanes.targeted.sort(byArrival);
  lanes.green.sort(byArrival);
  lanes.appointment.sort((a, b) => (a.appointmentAt ?? "").localeCompare(b.appointmentAt ?? "") || byArrival(a, b));
  lanes.priority.sort(byPreference(w));
  lanes.normal.sort(byPreference(w));
  const p = lanes.priority[0];
  const n = lanes.normal[0];
  // Rule 5: the priority head, ranked as if it were normal, would come before the normal head.
  const overdue = p !== undefined && n !== undefined && byPreference(w)(p, n) <= 0;
  const priorityFirst = p !== undefined && (w.normalStreak >= priorityEvery || n === undefined || overdue);
  const rest = priorityFirst ? [...lanes.priority, ...lanes.normal] : [...lanes.normal, ...lanes.priority];
  return [...lanes.targeted, ...lanes.green, ...lanes.appointment, ...rest];
}

/** The window's normal streak after calling `c`. */
export function nextStreak(c: Candidate, w: WindowView, nowIso: string): number {
  const lane = laneOf(c, w, nowIso);
  if (lane === "priority") return 0;
  return lane === "normal" ? w.normalStreak + 1 : w.normalStreak;
}
