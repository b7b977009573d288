/** Each distinct content once, named by its SHA-256; the bytes are here (`db`) or in the folder / S3 store. */
export interface FileBlobsTable {
  sha256: string;
  size: number;
  backend: "db" | "fs" | "s3";
  data: Buffer | null;
  created_at: string;
}

/** A file as a module stored it: its name, type and the access policy that decides who reads it. */
export interface FilesTable {
  id: string;
  sha256: string;
  name: string;
  content_type: string;
  size: number;
  /** The name of the access policy (registered by the owning module), e.g. `catalog.sample`. */
  policy: string;
  /** What the file belongs to, for the policy to decide by (e.g. a case id). */
  owner_ref: string | null;
  site_id: string | null;
  created_at: string;
  created_by: string | null;
}

/** Every read of a file whose policy protects it (allowed or refused). */
export interface FileReadsTable {
  id: string;
  file_id: string;
  read_at: string;
  principal: string | null;
  request_id: string;
  allowed: number;
}

export interface FileTables {
  file_blobs: FileBlobsTable;
  files: FilesTable;
  file_reads: FileReadsTable;
}
