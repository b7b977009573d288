import { hash, verify } from "@node-rs/argon2";

// Algorithm.Argon2id (a const enum the compiler cannot import under verbatimModuleSyntax).
const ARGON2ID = 2;

import { AppError } from "../errors.js";

export const hashPassword = (plain: string) => hash(plain, { algorithm: ARGON2ID });

export async function verifyPassword(stored: string, plain: string): Promise<boolean> {
  try {
    return await verify(stored, plain);
  } catch {
    return false;
  }
}

/** A hash of nothing, verified against when the username is unknown so timing does not tell. */
let dummy: Promise<string> | undefined;
export const dummyHash = () => {
  dummy ??= hashPassword("govhall-dummy-password");
  return dummy;
};

export function assertPasswordPolicy(plain: string): void {
  if (plain.length < 8 || !/[A-Za-z]/.test(plain) || !/\d/.test(plain)) {
    throw new AppError(
      400,
      "weak_password",
      "密码至少 8 位，且须同时包含字母和数字",
      "A password needs at least 8 characters, with letters and digits",
    );
  }
}
