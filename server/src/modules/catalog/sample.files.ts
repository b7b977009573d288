import { defineFilePolicy } from "../../platform/files/files.service.js";

/**
 * The file policy of material samples: public, since a sample is reached only through a published
 * guide version that names it (drafts are not served), and published guides are public.
 */
export const SAMPLE_FILES = defineFilePolicy({ name: "catalog.sample", public: true, canRead: () => true });
