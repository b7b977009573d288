/** What other modules may use of staff: the names of users by id (e.g. the audit log saying who). */
export { userNamesOf } from "../../platform/auth/identity.repository.js";
