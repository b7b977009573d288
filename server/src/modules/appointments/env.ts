import type { Links } from "./appointments.presenter.js";

/** What the appointment services need besides the context: links in messages, and a nudge to the dispatcher. */
export interface AppointmentEnv extends Links {
  showVerificationCodes: boolean;
  /** Public holds, codes and waiting-list joins per client address and 10 minutes (0: no limit). */
  publicBookingLimit: number;
  /** Called after a commit that queued messages: the dispatcher sends them soon. */
  kick(): void;
}
