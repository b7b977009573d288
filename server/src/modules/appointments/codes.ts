import { createHash, randomBytes, randomInt } from "node:crypto";

/** Codes and tokens of bookings: what an applicant types or a link carries. */

/** A booking code: 10 characters without look-alikes, easy to type at a kiosk (~50 bits). */
export function newCode(): string {
  const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  return Array.from(randomBytes(10), (b) => alphabet[b % alphabet.length]).join("");
}
export const newToken = () => randomBytes(18).toString("base64url");
export const hashCode = (phone: string, code: string) => createHash("sha256").update(`${phone}:${code}`).digest("hex");
export const newVerificationCode = () => String(randomInt(0, 1_000_000)).padStart(6, "0");
