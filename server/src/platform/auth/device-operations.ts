import { AppError } from "../errors.js";
import { WINDOW_DESK } from "./operations.js";
import type { DeviceKind, Principal } from "./principal.js";

/**
 * What each kind of device may call, by operation id: a device gets only what its kind needs,
 * and every other API route refuses it before its body is read. Public routes are open to all
 * and not listed. Inside each operation the services still check site and window.
 *
 * - kiosk: issue and print its own tickets, check in appointments, find items of a queue.
 * - display: the site's board (queues with people waiting, the calls that stand) and its event
 *   stream (tickets by number and window, never a name or a code).
 * - counter terminal: its own window's console, calls and steps, and the applicant in front of it.
 * - evaluator, printer: only who they are, until the ratings module gives the evaluator its screen.
 */
const COUNTER_TERMINAL = [
  ...WINDOW_DESK,
  "getWindowConsole",
  "streamWindowEvents",
  "listWindows",
  "getTicket",
  "checkInAppointment",
] as const;

export const DEVICE_OPERATIONS: Record<DeviceKind, readonly string[]> = {
  kiosk: ["getDeviceSelf", "issueTicket", "getTicketPrint", "checkInAppointment", "getQueueItems"],
  display: ["getDeviceSelf", "getSiteQueueBoard", "streamSiteEvents"],
  counter_terminal: ["getDeviceSelf", ...COUNTER_TERMINAL],
  evaluator: ["getDeviceSelf"],
  printer: ["getDeviceSelf"],
};

/** Refuses a device on an operation its kind does not need (called once per request, before the body is read). */
export function assertDeviceMayCall(p: Principal | null, operationId: string | undefined): void {
  if (p?.kind !== "device") return;
  if (!operationId || !DEVICE_OPERATIONS[p.deviceKind].includes(operationId)) {
    throw new AppError(403, "device_not_allowed", "该设备无权使用此功能", "This kind of device may not use this function");
  }
}
