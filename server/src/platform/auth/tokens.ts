import { createHash, randomBytes } from "node:crypto";

export const newToken = (prefix = "") => prefix + randomBytes(32).toString("base64url");
export const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");
