import { randomBytes } from "node:crypto";

/**
 * UUID version 7: 48 bits of milliseconds, then random bits. Time-ordered ids land at the right
 * edge of their indexes, so a busy hall's inserts touch one page instead of a random one.
 */
export function newId(): string {
  const b = randomBytes(16);
  const ms = Date.now();
  b.writeUIntBE(ms, 0, 6);
  b[6] = ((b[6] as number) & 0x0f) | 0x70;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether a string has the shape of a UUID (any case). */
export const isUuid = (s: string): boolean => UUID.test(s);
