/**
 * What other modules may use of the organisation (sites, windows, posts, opening hours): reads
 * only. Other modules import this file, never `org.repository.ts` (docs/decisions.md, "Module
 * boundaries kept by a test"); the organisation may change its tables behind it.
 */
export { loadSchedule, type OpeningState, openingState, type Period, periodsOn, type Schedule } from "./opening.js";
export { findSite, findSiteByCode, findWindow, listSites, postsOf, windowById, windowsOf } from "./org.repository.js";
export { getSiteRow } from "./sites.service.js";
