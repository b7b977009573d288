import { z } from "zod";
import type { Executor, Row } from "../../db/schema.js";
import { deviceNamesOf } from "../devices/devices.api.js";
import { userNamesOf } from "../staff/staff.api.js";
import { ACTIONS, ENTITIES, FIELDS } from "./audit.words.js";

const Words = z.object({ zh: z.string(), en: z.string() });
const Change = z.object({
  field: z.string(),
  label: z.string().describe("the field's name in Chinese"),
  before: z.string().nullable(),
  after: z.string().nullable(),
});

/** One audit record as people read it: who (name and username, or the device), what (in words), the field changes. */
export const AuditRecord = z.object({
  id: z.number(),
  chain: z.string(),
  seq: z.number(),
  at: z.string(),
  actorKind: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  who: Words.describe("张伟（zgc.window1）, 设备 大厅取号机, or for a failed sign-in the username tried"),
  siteId: z.string().nullable(),
  action: z.string(),
  what: Words.describe("the action in words"),
  entityType: z.string(),
  entityId: z.string().nullable(),
  entity: Words.describe("what it acted on, in words"),
  changes: z.array(Change).describe("the fields that differ between before and after, as text"),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
  hash: z.string(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;

const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A value as text: 是/否, —, lists joined, objects as their JSON. */
function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "boolean") return v ? "是" : "否";
  if (typeof v === "string" || typeof v === "number") return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x !== "object" || x === null)) return v.join("、");
  return JSON.stringify(v);
}

/** The fields that differ, in the order they first appear; an added or removed record shows every field. */
export function changesOf(before: unknown, after: unknown): z.infer<typeof Change>[] {
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((k) => ({ field: k, label: FIELDS[k] ?? k, before: text(b[k]), after: text(a[k]) }));
}

/** Words of an action code: the dictionary, else entity + last word (e.g. window.resume). */
function whatOf(action: string): { zh: string; en: string } {
  const known = ACTIONS[action];
  return known ? { zh: known[0], en: known[1] } : { zh: action, en: action };
}

function whoOf(
  r: Row<"audit_log">,
  users: Map<string, { username: string; display_name: string }>,
  devices: Map<string, { name: string }>,
  after: unknown,
): { zh: string; en: string } {
  if (r.actor_kind === "user" && r.actor_id) {
    const u = users.get(r.actor_id);
    const name = u ? `${u.display_name}（${u.username}）` : (r.actor_name ?? r.actor_id);
    return { zh: name, en: name };
  }
  if (r.actor_kind === "device" && r.actor_id) {
    const name = devices.get(r.actor_id)?.name ?? r.actor_name ?? r.actor_id;
    return { zh: `设备 ${name}`, en: `Device ${name}` };
  }
  // Nobody signed in: a failed sign-in names the account that was tried, not «系统».
  if (r.action.startsWith("auth.") && isObject(after) && typeof after.username === "string") {
    return { zh: `未登录（尝试以 ${after.username} 登录）`, en: `Not signed in (tried ${after.username})` };
  }
  return { zh: "系统", en: "System" };
}

/** A user's or device's name, else a ticket's number from the record's state after: what the entity is called. */
function entityLabel(
  r: Row<"audit_log">,
  userMap: Map<string, { display_name: string }>,
  deviceMap: Map<string, { name: string }>,
  after: unknown,
): string | undefined {
  const named =
    r.entity_type === "user" && r.entity_id
      ? userMap.get(r.entity_id)?.display_name
      : r.entity_type === "device" && r.entity_id
        ? deviceMap.get(r.entity_id)?.name
        : undefined;
  return named ?? (isObject(after) && typeof after.number === "string" ? after.number : undefined);
}

export async function presentAudit(db: Executor, rows: Row<"audit_log">[]): Promise<AuditRecord[]> {
  const ids = (kind: string) => [
    ...new Set(rows.flatMap((r) => [r.actor_kind === kind ? r.actor_id : null, r.entity_type === kind ? r.entity_id : null])),
  ];
  const userIds = ids("user").filter((x): x is string => x !== null);
  const deviceIds = ids("device").filter((x): x is string => x !== null);
  const [users, devices] = await Promise.all([userNamesOf(db, userIds), deviceNamesOf(db, deviceIds)]);
  const userMap = new Map(users.map((u) => [u.id, u]));
  const deviceMap = new Map(devices.map((d) => [d.id, d]));
  return rows.map((r) => {
    const before = parse(r.before);
    const after = parse(r.after);
    const kind = ENTITIES[r.entity_type] ?? [r.entity_type, r.entity_type];
    const label = entityLabel(r, userMap, deviceMap, after);
    return {
      id: Number(r.id),
      chain: r.chain,
      seq: r.seq,
      at: r.at,
      actorKind: r.actor_kind,
      actorId: r.actor_id,
      actorName: r.actor_name,
      actorRole: r.actor_role,
      who: whoOf(r, userMap, deviceMap, after),
      siteId: r.site_id,
      action: r.action,
      what: whatOf(r.action),
      entityType: r.entity_type,
      entityId: r.entity_id,
      entity: { zh: label ? `${kind[0]} ${label}` : kind[0], en: label ? `${kind[1]} ${label}` : kind[1] },
      changes: changesOf(before, after),
      before,
      after,
      requestId: r.request_id,
      hash: r.hash,
    };
  });
}
