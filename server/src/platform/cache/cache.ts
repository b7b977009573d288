import { LRUCache } from "lru-cache";
import type { Clock } from "../clock.js";
import type { BusMessage, EventBus } from "../events/bus.js";
import type { EventMessage, EventName } from "../events/types.js";

/** Which keys a stored event makes stale: a list, or every key of the cache. */
export type DropRule<K extends EventName> = (m: EventMessage<K>) => readonly string[] | "all";

/**
 * A cache's name, limits and what makes its entries stale. Modules declare one at module level
 * with `defineCache` and read it through `ctx.caches.of(def)`: the entries themselves belong to
 * one app instance.
 */
export interface CacheDef<V> {
  /** Stable, `module.what`: invalidations name it across instances. */
  readonly name: string;
  readonly ttlMs: number;
  readonly max: number;
  /** Stored events that drop entries on every instance (they reach each one on the event bus). */
  readonly dropOn: { readonly [K in EventName]?: DropRule<K> };
  /** Changes that store no event, by topic (e.g. `principals`): `ctx.caches.changed(topic)` empties this cache everywhere. */
  readonly dependsOn: readonly string[];
  /** Phantom: the cached value's type. */
  readonly _value?: V;
}

const defs = new Map<string, CacheDef<unknown>>();

export function defineCache<V>(
  name: string,
  opts: { ttlMs: number; max: number; dropOn?: { [K in EventName]?: DropRule<K> }; dependsOn?: readonly string[] },
): CacheDef<V> {
  if (defs.has(name)) throw new Error(`cache ${name} is declared twice`);
  const def: CacheDef<V> = { name, ttlMs: opts.ttlMs, max: opts.max, dropOn: opts.dropOn ?? {}, dependsOn: opts.dependsOn ?? [] };
  defs.set(name, def);
  return def;
}

/** Invalidations travel on a bus stream no hub serves, so no screen ever sees them. */
export const CACHE_STREAM = "_cache";
const INVALIDATE = "cache.invalidate";
interface Invalidation {
  name?: string;
  topic?: string;
  keys: readonly string[];
}

export interface Cache<V> {
  /** The value for `key`, loaded (once, however many ask at the same time) when missing or expired. */
  get(key: string, load: () => Promise<V>, keep?: (v: V) => boolean): Promise<V>;
  /** Drops keys (all keys when none are given) here at once and on every other instance. */
  invalidate(...keys: string[]): Promise<void>;
}

/**
 * The caches of one server instance (`ctx.caches`). Entries expire by the injected clock (tests
 * move it). A change drops entries two ways, both reaching every instance over the event bus:
 * - a stored event a cache declares in `dropOn` (a queue's `queue.config`, a `ticket.finished`):
 *   `withEvents` drops them here right after the commit, and the bus tells the other instances;
 * - `changed(topic)` for a change that stores no event (a sign-out, new opening hours, the
 *   calendar): the writer names what changed, not which caches hold it; every cache that
 *   `dependsOn` the topic is emptied here at once, then on the others by a bus message only
 *   caches hear. `invalidate()` drops keys of one cache the same way.
 * The bus is best effort: a lost message leaves an entry until its TTL, which bounds staleness.
 * After the bus reconnected (messages may have been missed) every cache is emptied.
 */
export class Caches {
  private readonly stores = new Map<string, LRUCache<string, { v: Promise<unknown> }>>();
  private readonly unsubscribe: (() => void)[];

  constructor(
    private readonly clock: Clock,
    private readonly bus: EventBus,
  ) {
    this.unsubscribe = [bus.subscribe((m) => this.heard(m)), bus.onResync(() => this.clearLocal())];
  }

  of<V>(def: CacheDef<V>): Cache<V> {
    return {
      get: (key, load, keep) => this.get(def, key, load, keep),
      invalidate: (...keys) => this.invalidate(def, keys),
    };
  }

  /**
   * The value for `key`, loaded when missing or expired. The promise is kept, so concurrent readers
   * share one load; a failed load is not kept, nor a value `keep` refuses (e.g. "not found").
   */
  get<V>(def: CacheDef<V>, key: string, load: () => Promise<V>, keep?: (v: V) => boolean): Promise<V> {
    const store = this.store(def);
    const hit = store.get(key);
    if (hit) return hit.v as Promise<V>;
    const entry = { v: load() as Promise<unknown> };
    store.set(key, entry);
    const forget = () => {
      if (store.get(key) === entry) store.delete(key);
    };
    entry.v.then((v) => keep && !keep(v as V) && forget(), forget);
    return entry.v as Promise<V>;
  }

  /** Drops entries here at once, then tells the other instances (best effort, like every bus message). */
  invalidate(def: CacheDef<unknown>, keys: readonly string[] = []): Promise<void> {
    const d = { name: def.name, keys };
    this.apply(d);
    return this.send(d);
  }

  /** Something that caches may hold changed (no stored event says so): empties the caches depending on it, everywhere. */
  changed(topic: string): Promise<void> {
    const d = { topic, keys: [] };
    this.apply(d);
    return this.send(d);
  }

  private send(data: Invalidation): Promise<void> {
    const m: BusMessage = {
      id: 0,
      siteId: CACHE_STREAM,
      type: INVALIDATE,
      at: this.clock.now().toISOString(),
      ticketId: null,
      windowId: null,
      queueId: null,
      data,
    };
    return this.bus.publish([m]);
  }

  /** Called by `withEvents` right after a commit: this instance drops what its own events made stale. */
  committed(messages: readonly BusMessage[]): void {
    for (const m of messages) this.applyRules(m);
  }

  /** How many entries a cache holds here (tests, metrics). */
  size(def: CacheDef<unknown>): number {
    return this.stores.get(def.name)?.size ?? 0;
  }

  close(): void {
    for (const u of this.unsubscribe) u();
    this.clearLocal();
  }

  private heard(m: BusMessage): void {
    if (m.siteId === CACHE_STREAM) {
      if (m.type === INVALIDATE) this.apply(m.data as Invalidation);
      return;
    }
    this.applyRules(m);
  }

  private applyRules(m: BusMessage): void {
    for (const name of this.stores.keys()) {
      const rule = defs.get(name)?.dropOn[m.type as EventName] as DropRule<EventName> | undefined;
      if (!rule) continue;
      const keys = rule(m as unknown as EventMessage<EventName>);
      this.drop(name, keys === "all" ? [] : keys, keys === "all");
    }
  }

  private apply(d: Invalidation): void {
    if (d.name) this.drop(d.name, d.keys);
    if (d.topic) for (const name of this.stores.keys()) if (defs.get(name)?.dependsOn.includes(d.topic)) this.drop(name, []);
  }

  private drop(name: string, keys: readonly string[], all = keys.length === 0): void {
    const s = this.stores.get(name);
    if (!s) return;
    if (all) s.clear();
    else for (const k of keys) s.delete(k);
  }

  private store(def: CacheDef<unknown>): LRUCache<string, { v: Promise<unknown> }> {
    let s = this.stores.get(def.name);
    if (!s) {
      const clock = this.clock;
      // The TTL follows the injected clock: lru-cache reads time through `perf.now()`.
      s = new LRUCache<string, { v: Promise<unknown> }>({
        max: def.max,
        ttl: def.ttlMs,
        ttlResolution: 0,
        perf: { now: () => clock.now().getTime() },
      });
      this.stores.set(def.name, s);
    }
    return s;
  }

  private clearLocal(): void {
    for (const s of this.stores.values()) s.clear();
  }
}
