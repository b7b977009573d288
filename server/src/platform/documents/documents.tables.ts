/** A numbered document, immutable once issued: a correction is a new document that supersedes it. */
export interface DocumentsTable {
  id: string;
  /** The template's kind, e.g. `catalog.slip`, `case.acceptance_notice`. */
  kind: string;
  /** As printed, e.g. 海淀中关村〔2026〕第000123号. Unique per kind. */
  number: string;
  seq: number;
  period: string;
  site_id: string | null;
  /** What the document is about, e.g. `case` + case id, `item_version` + item id:version. */
  subject_type: string;
  subject_id: string;
  title: string;
  /** The rendered definition (JSON), frozen at issue: the PDF is made from exactly this. */
  content: string;
  /** SHA-256 of the template input: the same input for the same subject is one document. */
  data_sha256: string;
  /** The PDF in the file store and its SHA-256, set once when it is rendered. */
  file_id: string | null;
  sha256: string | null;
  created_at: string;
  created_by: string | null;
  superseded_by: string | null;
}

export interface DocumentTables {
  documents: DocumentsTable;
}
