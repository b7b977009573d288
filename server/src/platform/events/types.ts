import { z } from "zod";

/**
 * The typed map of event name → payload, as Immich types its EventMap. It starts empty: each
 * module declares its events once with `defineEvents` (zod schemas: the server's types, and the
 * web's through the OpenAPI document) and merges them in:
 *
 *   export const caseEvents = defineEvents({ "case.received": CaseEventData });
 *   declare module "../../platform/events/types.js" {
 *     interface EventMap extends PayloadsOf<typeof caseEvents> {}
 *   }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in each module
export interface EventMap {}
export type EventName = keyof EventMap & string;

export type PayloadsOf<S extends Record<string, z.ZodType>> = { [K in keyof S]: z.output<S[K]> };

/** The stream every event belongs to: a site's id, or this for district-wide events. */
export const DISTRICT_STREAM = "district";

/** Room keys an event carries beyond its stream, for the rooms that filter it (window, ticket, case…). */
export interface EventRefs {
  ticketId?: string | null;
  windowId?: string | null;
  queueId?: string | null;
  /** Further keys, e.g. caseId, appointmentId. */
  refs?: Record<string, string> | null;
}

/** One committed event as the bus carries it and streams send it. */
export interface EventMessage<K extends EventName = EventName> {
  /** Its number within the stream: gap-free, in commit order. */
  id: number;
  /** The stream: a site's id, or `district`. */
  siteId: string;
  type: K;
  at: string;
  ticketId: string | null;
  windowId: string | null;
  queueId: string | null;
  refs: Record<string, string> | null;
  data: EventMap[K];
}

const registry = new Map<string, z.ZodType>();
const named = new WeakMap<z.ZodType, string>();

/** Names a payload schema several events share, so OpenAPI lists it once (components/schemas/<id>). */
export function eventSchema<S extends z.ZodType>(id: string, schema: S): S {
  named.set(schema, id);
  return schema;
}

/** Declares a module's events (name → zod payload schema); returns them for `PayloadsOf`. */
export function defineEvents<const S extends Record<string, z.ZodType>>(schemas: S): S {
  for (const [name, schema] of Object.entries(schemas)) {
    const had = registry.get(name);
    if (had && had !== schema) throw new Error(`event ${name} is declared twice`);
    registry.set(name, schema);
  }
  return schemas;
}

export function eventNames(): string[] {
  return [...registry.keys()].sort();
}

const Envelope = z.object({
  id: z.number().int().describe("number within the stream (gap-free, in commit order); also the SSE id"),
  prev: z
    .number()
    .int()
    .nullable()
    .optional()
    .describe("the id this connection sent before this one (or resumed after): a client holding another id has a gap"),
  siteId: z.string().describe("the stream: a site's id, or `district`"),
  at: z.string(),
  ticketId: z.string().nullable(),
  windowId: z.string().nullable(),
  queueId: z.string().nullable(),
  refs: z.record(z.string(), z.string()).nullable().optional(),
});

/**
 * OpenAPI components for every declared event: `EventName`, `EventPayloads` (an object whose
 * property per event name is its payload, so the web reads `EventPayloads["ticket.called"]`) and
 * `StreamEventEnvelope` (what each server-sent event's data carries besides `type` and `data`).
 * A stream event of type K is `StreamEventEnvelope & { type: K; data: EventPayloads[K] }`.
 */
export function eventComponents(): Record<string, unknown> {
  const names = eventNames();
  const json = (s: z.ZodType) => z.toJSONSchema(s, { target: "openapi-3.0", io: "output", unrepresentable: "any" });
  const shared: Record<string, unknown> = {};
  const payloads = Object.fromEntries(
    names.map((n) => {
      const schema = registry.get(n) as z.ZodType;
      const id = named.get(schema);
      if (!id) return [n, json(schema)];
      shared[id] ??= json(schema);
      return [n, { $ref: `#/components/schemas/${id}` }];
    }),
  );
  return {
    ...shared,
    EventName: { type: "string", enum: names },
    EventPayloads: { type: "object", required: names, properties: payloads, description: "event name → payload" },
    StreamEventEnvelope: {
      ...json(Envelope),
      description:
        "the data of one server-sent event of a site, window, ticket, case or district stream, with `type` (the SSE event name) and `data` (EventPayloads[type])",
    },
  };
}
