/**
 * What other modules may use of the queue: queues and tickets by id, the people ahead of a ticket,
 * the site's queue settings and issuing a ticket (check-in of an appointment). Other modules
 * import this file, never `queue.repository.ts` (docs/decisions.md, "Module boundaries kept by a test").
 */

export { findQueue, findTicket, queuesOf, ticketsOfWindow } from "./queue.repository.js";
export { settingsFor } from "./queue-setup.service.js";
export { issueTicket, peopleAhead } from "./tickets.service.js";
