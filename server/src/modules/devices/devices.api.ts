/** What other modules may use of devices: their names by id (e.g. the audit log saying which device). */
export { namesOf as deviceNamesOf } from "./devices.repository.js";
