import type { FilePolicy } from "../files/files.service.js";
import type { NumberKind } from "../numbering/numbering.js";
import type { Definition } from "./renderer.js";

/** What a template is told about the document being issued. */
export interface IssueMeta {
  /** The document number as printed. */
  number: string;
  /** Beijing-time date of issue, YYYY-MM-DD. */
  issuedOn: string;
  /** The agency short name (机关简称) the caller gave. */
  agency: string;
}

/**
 * A kind of document (收件凭证, 补正告知书, 受理通知书 …), declared once by the module that issues
 * it: how it is numbered, who may read its PDF, and how its input becomes a pdfmake definition.
 * `build` must be a pure function of its input: the definition is stored with the document and
 * the PDF rendered from exactly that, so a later change of the template never changes a
 * document already issued.
 */
export interface Template<T> {
  readonly kind: string;
  /** The counter the numbers come from (period: usually the year). */
  readonly numbers: NumberKind;
  /** Writes the number, e.g. with `formatDocumentNumber(n, { agency, year })`. */
  number(n: number, o: { agency: string; year: string }): string;
  /** Who may read the PDF (a file policy; `public` for public notices). */
  readonly files: FilePolicy;
  title(data: T): string;
  build(data: T, meta: IssueMeta): Definition;
}

const templates = new Map<string, Template<never>>();

/** Declares a template once, at module load, under its kind (stored with each document). */
export function defineTemplate<T>(t: Template<T>): Template<T> {
  if (templates.has(t.kind)) throw new Error(`document template ${t.kind} is defined twice`);
  const frozen = Object.freeze(t);
  templates.set(t.kind, frozen as unknown as Template<never>);
  return frozen;
}

/** The template of a kind, for rendering a stored document (undefined: its module is not loaded). */
export const templateOf = (kind: string): Template<never> | undefined => templates.get(kind);

/** Styles every template may use by name; a template may add its own. */
export const BASE_STYLES = {
  title: { fontSize: 18, bold: true, alignment: "center", margin: [0, 0, 0, 4] },
  number: { fontSize: 10, alignment: "center", margin: [0, 0, 0, 8] },
  h1: { fontSize: 14, bold: true, alignment: "center", margin: [0, 0, 0, 8] },
  h2: { fontSize: 11, bold: true },
  small: { fontSize: 8, color: "#333" },
} as const;

/** An A4 page with the base styles and page numbers around the given content. */
export function a4(o: { title: string; subject?: string; content: unknown[]; styles?: Record<string, unknown> }): Definition {
  return {
    info: { title: o.title, subject: o.subject ?? o.title },
    pageSize: "A4",
    pageMargins: [40, 40, 40, 40],
    content: o.content,
    styles: { ...BASE_STYLES, ...o.styles },
    pageNumbers: true,
  };
}
