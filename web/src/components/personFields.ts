import type { Rule } from "antd/es/form";
import type { TFunction } from "i18next";

/**
 * What is wrong with a value a member of the public typed, and how to put it right — the same
 * checks the server makes (GB 11643 ID numbers with birth date and check digit, mainland mobile
 * numbers), so a form says "the last digit does not match" instead of just "身份证号".
 * Each check returns an i18n key under `field.` with its values, or null when the value is fine.
 */
export type Problem = { key: string; values?: Record<string, string | number> } | null;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

export function idNumberProblem(raw: string): Problem {
  const v = raw.trim().toUpperCase();
  if (v === "") return { key: "field.idNumber.empty" };
  if (!/^[0-9X]*$/.test(v)) return { key: "field.idNumber.chars" };
  if (v.length !== 18) return { key: "field.idNumber.length", values: { n: v.length } };
  if (v.slice(0, 17).includes("X")) return { key: "field.idNumber.xPlace" };
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || birth.getTime() > Date.now()) {
    return { key: "field.idNumber.birth", values: { date: `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}` } };
  }
  const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(v[i]), 0);
  if (CHECK[sum % 11] !== v[17]) return { key: "field.idNumber.check" };
  return null;
}

export function phoneProblem(raw: string): Problem {
  const v = raw.replace(/[\s-]/g, "");
  if (v === "") return { key: "field.phone.empty" };
  if (!/^\d+$/.test(v)) return { key: "field.phone.chars" };
  if (v.length !== 11) return { key: "field.phone.length", values: { n: v.length } };
  if (!/^1[3-9]/.test(v)) return { key: "field.phone.prefix" };
  return null;
}

export function nameProblem(raw: string): Problem {
  const v = raw.trim();
  if (v === "") return { key: "field.name.empty" };
  if (v.length > 40) return { key: "field.name.long" };
  if (/[0-9<>{}[\]\\/@#$%^&*=+|~`]/.test(v)) return { key: "field.name.chars" };
  return null;
}

export function smsCodeProblem(raw: string): Problem {
  const v = raw.trim();
  if (v === "") return { key: "field.smsCode.empty" };
  if (!/^\d{6}$/.test(v)) return { key: "field.smsCode.format" };
  return null;
}

export function bookingCodeProblem(raw: string): Problem {
  const v = raw.trim();
  if (v === "") return { key: "field.bookingCode.empty" };
  if (v.length < 6) return { key: "field.bookingCode.short" };
  return null;
}

/** An antd rule from one of the checks above. */
export function ruleOf(t: TFunction, check: (v: string) => Problem): Rule {
  return {
    validator: (_r, value: unknown) => {
      const p = check(typeof value === "string" ? value : "");
      return p ? Promise.reject(new Error(t(p.key, p.values))) : Promise.resolve();
    },
  };
}

export const fieldZh = {
  field: {
    idNumber: {
      empty: "请填写身份证号（18 位，最后一位可能是 X）",
      chars: "身份证号只能是数字，最后一位可以是 X，请去掉空格或其他符号",
      length: "身份证号应为 18 位，您填了 {{n}} 位，请核对证件",
      xPlace: "只有最后一位可以是 X，请核对证件",
      birth: "身份证号中的出生日期 {{date}} 不存在，请核对第 7 至 14 位",
      check: "身份证号最后一位校验不符，可能有一位输错，请逐位核对证件",
    },
    phone: {
      empty: "请填写手机号（11 位），用于接收短信验证码和提醒",
      chars: "手机号只能是数字，请去掉空格、横线或 +86",
      length: "手机号应为 11 位，您填了 {{n}} 位",
      prefix: "手机号应以 13 至 19 开头，请核对",
    },
    name: {
      empty: "请填写姓名（与证件一致）",
      long: "姓名不能超过 40 个字",
      chars: "姓名中有数字或符号，请按证件填写",
    },
    smsCode: {
      empty: "请填写短信验证码；没收到可点“获取验证码”重新发送",
      format: "验证码是短信里的 6 位数字",
    },
    bookingCode: {
      empty: "请填写预约码（预约成功短信里的编号）",
      short: "预约码至少 6 位，请核对预约成功短信",
    },
  },
};

export const fieldEn: typeof fieldZh = {
  field: {
    idNumber: {
      empty: "Enter the ID number (18 characters; the last may be X)",
      chars: "The ID number has digits only, the last may be X: remove spaces or other signs",
      length: "The ID number has 18 characters; you entered {{n}}. Check the card",
      xPlace: "Only the last character may be X. Check the card",
      birth: "The birth date in the ID number, {{date}}, does not exist: check characters 7 to 14",
      check: "The last character does not match the others: one digit is probably wrong. Check each digit against the card",
    },
    phone: {
      empty: "Enter a mobile number (11 digits) for the code and reminders",
      chars: "A mobile number has digits only: remove spaces, dashes or +86",
      length: "A mobile number has 11 digits; you entered {{n}}",
      prefix: "A mobile number starts with 13 to 19: check it",
    },
    name: {
      empty: "Enter the name as on the ID card",
      long: "A name has at most 40 characters",
      chars: "The name has digits or signs: write it as on the ID card",
    },
    smsCode: {
      empty: "Enter the code from the text message; tap “Get code” again if it did not arrive",
      format: "The code is the 6 digits in the text message",
    },
    bookingCode: {
      empty: "Enter the booking code (in the confirmation message)",
      short: "A booking code has at least 6 characters: check the confirmation message",
    },
  },
};
