import type { PriorityClass, TicketState, WindowStateName } from "../../api/queue";

/** antd tag colours for queue states, one meaning each across the console. */
export const windowStateColor: Record<WindowStateName, string> = { open: "green", paused: "orange", closed: "default" };
export const ticketStateColor: Record<TicketState, string> = {
  waiting: "blue",
  called: "gold",
  serving: "green",
  done: "default",
  no_show: "red",
  cancelled: "default",
  parked: "purple",
  closed_unserved: "default",
};
export const priorityColor: Record<PriorityClass, string> = {
  normal: "default",
  elderly: "volcano",
  disabled: "volcano",
  pregnant: "magenta",
  military: "geekblue",
  green: "green",
};
