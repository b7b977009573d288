import { z } from "zod";

/**
 * The shared field validators: one definition each of a date, a time, an ID number and a phone,
 * so a module cannot accept `2026-02-30` or an ID number with a wrong check digit where another
 * refuses it. (Unsafe characters in any string are refused before validation, in
 * `platform/http/input.ts`.)
 */

/** True for a YYYY-MM-DD that names a real day (2026-02-30 and 0000-00-00 do not). */
export function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || s < "0001-01-01") return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** A calendar date that exists (2026-11-31 does not: it would silently become 1 December). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD")
  .refine(isRealDate, "没有这一天 / no such date");

export const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "时间格式应为 HH:MM / time must be HH:MM");

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

/** The GB 11643-1999 check character of the first 17 digits of a resident ID number. */
export function idCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK[sum % 11] ?? "";
}

/** An 18-character resident ID number: digits, a birth date that exists, the right check digit. */
export function isValidIdNumber(s: string): boolean {
  if (!/^\d{17}[\dX]$/.test(s)) return false;
  const birth = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  if (!isRealDate(birth) || birth < "1900-01-01") return false;
  return idCheckDigit(s.slice(0, 17)) === s[17];
}

export const idNumber = z
  .string()
  .trim()
  .regex(/^\d{17}[\dXx]$/, "身份证号应为18位 / ID number: 18 characters")
  .transform((s) => s.toUpperCase())
  .refine(isValidIdNumber, "身份证号校验位或出生日期有误 / ID number: wrong check digit or birth date");

/** A mainland mobile number: 11 digits starting 13–19. */
export const mobile = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, "手机号应为11位数字 / mobile: 11 digits starting 13–19");

/** True for a mobile, a landline (area code optional) with an optional extension, or a short hotline. */
export function isPhone(s: string): boolean {
  const m = /^([0-9+\-() ]{5,24}?)(?:\s*(?:转|ext\.?|x)\s*\d{1,6})?$/i.exec(s);
  if (!m?.[1]) return false;
  const core = m[1].replace(/[\s()-]/g, "").replace(/^\+86/, "");
  return /^1[3-9]\d{9}$/.test(core) || /^0?[1-9]\d{1,2}\d{7,8}$/.test(core) || /^\d{7,8}$/.test(core) || /^[1-9]\d{4,5}$/.test(core);
}

/** A contact phone: a mobile, or a landline (010-82345678, (010)8234-5678 转 12), or a hotline (12345). */
export const phone = z.string().trim().refine(isPhone, "电话号码格式有误 / invalid phone number");

/**
 * A PATCH body: the fields are optional but at least one known field must be given, so an empty
 * body (or one with only unknown keys, which are stripped) is a 400 rather than an UPDATE with
 * nothing to set.
 */
export function patchOf<T extends z.ZodRawShape>(schema: z.ZodObject<T>) {
  return schema.refine((v) => Object.values(v).some((x) => x !== undefined), {
    message: "没有要修改的内容 / nothing to change: give at least one field",
  });
}
