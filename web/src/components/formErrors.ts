import type { FormInstance } from "antd";
import { ApiError } from "../api/client";

/**
 * Puts a server-side error next to the form field it is about, so it is never swallowed:
 * schema failures name a path ("/number"), rule failures a stable code that `codeFields` maps.
 * Returns true when at least one field got a message (the caller still shows the whole error).
 */
export function applyServerErrors(
  form: FormInstance,
  err: unknown,
  lang: string,
  codeFields: Record<string, string | string[]> = {},
): boolean {
  if (!(err instanceof ApiError)) return false;
  const fields = err.code === "validation_failed" && Array.isArray(err.errors) ? schemaFields(form, err, lang) : [];
  const mapped = codeFields[err.code];
  if (mapped) {
    for (const f of Array.isArray(mapped) ? mapped : [mapped]) fields.push({ name: [f], errors: [err.text(lang)] });
  }
  if (fields.length > 0) form.setFields(fields);
  return fields.length > 0;
}

type FieldError = { name: (string | number)[]; errors: string[] };

/** Schema failures by path ("/materials/0/name" → ["materials", 0, "name"]), for the fields this form has. */
function schemaFields(form: FormInstance, err: ApiError, lang: string): FieldError[] {
  const fields: FieldError[] = [];
  for (const issue of err.errors as { path?: string; message?: string }[]) {
    const path = (issue.path ?? "").split("/").filter(Boolean);
    if (path.length === 0) continue;
    const name = path.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    if (form.getFieldInstance(name) === undefined && !hasField(form, name)) continue;
    fields.push({ name, errors: [issue.message ?? err.text(lang)] });
  }
  return fields;
}

function hasField(form: FormInstance, name: (string | number)[]): boolean {
  try {
    return form.getFieldValue(name) !== undefined;
  } catch {
    return false;
  }
}
