import type { components } from "./schema";

/**
 * The events of the server-sent streams, generated from the server's event declarations
 * (server/src/platform/events/types.ts and each module's *.events.ts) through OpenAPI: never
 * written by hand here.
 */
type Schemas = components["schemas"];
export type EventName = Schemas["EventName"];
export type EventPayloads = Schemas["EventPayloads"];
export type StreamEventEnvelope = Schemas["StreamEventEnvelope"];

/** One event as a stream delivers it (the data of the SSE message named `type`). */
export type StreamEvent<K extends EventName = EventName> = K extends EventName
  ? StreamEventEnvelope & { type: K; data: EventPayloads[K] }
  : never;
