/**
 * What other modules may use of the catalog: an item by id or code, and the item a ticket names.
 * Other modules import this file, never `catalog.repository.ts` (docs/decisions.md, "Module
 * boundaries kept by a test").
 */

export { type CaseItem, departmentNames, guideOfVersion, itemForCase } from "./case-item.js";
export { type CatalogRow, findItem, findItemByCode } from "./catalog.repository.js";
export type { Guide, Material } from "./catalog.schema.js";
export { itemForTicket, itemNameOf, type TicketItem } from "./ticket-item.js";
