import type { Executor, Row } from "../../db/schema.js";
import type { Principal } from "../../platform/auth/principal.js";
import type { Ctx } from "../../platform/context.js";
import { recordFullRead } from "../../platform/personal-data/reads.js";
import { presentTicket } from "./queue.presenter.js";
import type { Ticket } from "./queue.schema.js";

/**
 * Who sees a ticket's applicant (name, mobile, ID number) in full: only whoever serves them now —
 * the member of staff the ticket was called to, or that window's own counter terminal, while the
 * ticket is called, being served or parked at the window. Everyone else (managers, supervisors,
 * evaluators, back office, the issuing kiosk or guide, the next window in a transfer) sees it
 * masked: 张*, 138****1234, 110101********1234. Every full view is recorded (personal-data reads).
 */
const AT_WINDOW = ["called", "serving", "parked"];

export function servesApplicant(p: Principal | null, t: Row<"tickets">): boolean {
  if (!p || !AT_WINDOW.includes(t.state) || !t.window_id) return false;
  if (p.kind === "user") return t.user_id === p.userId;
  return p.deviceKind === "counter_terminal" && p.windowId === t.window_id;
}

const hasApplicant = (t: Row<"tickets">) => Boolean(t.applicant_name || t.applicant_phone || t.applicant_id_number);

/** Records the full view in `db` (the disclosing transaction where there is one) if the caller serves the applicant. */
export async function recordIfServing(db: Executor, ctx: Ctx, t: Row<"tickets">): Promise<boolean> {
  if (!servesApplicant(ctx.principal, t)) return false;
  if (hasApplicant(t)) await recordFullRead(db, ctx, { siteId: t.site_id, entityType: "ticket", entityId: t.id }, "serving");
  return true;
}

/** The one presenter for staff and devices: full applicant data for the person serving, masked for everyone else. */
export async function presentForCaller(ctx: Ctx, t: Row<"tickets">, peopleAhead: number | null = null): Promise<Ticket> {
  const full = await recordIfServing(ctx.db, ctx, t);
  return presentTicket(ctx.caches, ctx.db, t, peopleAhead, full);
}
