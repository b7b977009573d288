import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

/** Where the bytes of a content live. The database backend keeps them in `file_blobs.data` itself. */
export interface BlobBackend {
  readonly name: "db" | "fs" | "s3";
  /** Stores the bytes under their hash (idempotent: the same content twice is stored once). */
  put(sha256: string, data: Buffer): Promise<void>;
  get(sha256: string): Promise<Buffer>;
}

export interface S3Settings {
  endpoint: string | undefined;
  region: string;
  bucket: string;
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  forcePathStyle: boolean;
}

export interface FileStoreSettings {
  backend: "db" | "fs" | "s3";
  /** The folder of the `fs` backend (DATA_DIR/files). */
  dir: string;
  s3: S3Settings | undefined;
}

/** The file store a service reaches through `ctx.files`. */
export interface FileStore {
  /** Where new contents go; a content already stored stays where it is. */
  readonly backend: BlobBackend;
  /** The backend that holds a content stored earlier, by the name recorded with it. */
  backendFor(name: string): BlobBackend;
}

/** Two levels of folders by the first hex digits keep any one folder small: ab/cd/abcd…. */
export const blobPath = (dir: string, sha256: string) => path.join(dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
/** The object key of a content in the S3 bucket. */
export const blobKey = (sha256: string) => `files/${sha256.slice(0, 2)}/${sha256}`;

const sha = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

function verified(sha256: string, data: Buffer, where: string): Buffer {
  // A content-addressed store can tell a damaged or swapped file: refuse to serve it.
  if (sha(data) !== sha256) throw new Error(`file store: content of ${sha256} in ${where} does not match its hash`);
  return data;
}

const databaseBackend: BlobBackend = {
  name: "db",
  put: async () => undefined,
  get: async () => {
    throw new Error("file store: database contents are read with their row");
  },
};

function folderBackend(dir: string): BlobBackend {
  return {
    name: "fs",
    async put(sha256, data) {
      const file = blobPath(dir, sha256);
      try {
        await fs.access(file);
        return;
      } catch {
        // not there yet
      }
      await fs.mkdir(path.dirname(file), { recursive: true });
      // Written aside and renamed: a reader never sees half a file, and two writers of the same
      // content end with the same bytes.
      const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
      await fs.writeFile(tmp, data, { flag: "wx" });
      await fs.rename(tmp, file);
    },
    async get(sha256) {
      return verified(sha256, await fs.readFile(blobPath(dir, sha256)), dir);
    },
  };
}

function s3Backend(s: S3Settings): BlobBackend {
  // The SDK is large: loaded only when the S3 backend is configured.
  const client = import("@aws-sdk/client-s3").then(
    (m) =>
      [
        m,
        new m.S3Client({
          endpoint: s.endpoint,
          region: s.region,
          forcePathStyle: s.forcePathStyle,
          credentials: s.accessKeyId && s.secretAccessKey ? { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } : undefined,
        }),
      ] as const,
  );
  return {
    name: "s3",
    async put(sha256, data) {
      const [m, c] = await client;
      await c.send(new m.PutObjectCommand({ Bucket: s.bucket, Key: blobKey(sha256), Body: data, ContentLength: data.length }));
    },
    async get(sha256) {
      const [m, c] = await client;
      const res = await c.send(new m.GetObjectCommand({ Bucket: s.bucket, Key: blobKey(sha256) }));
      if (!res.Body) throw new Error(`file store: S3 object ${blobKey(sha256)} has no body`);
      return verified(sha256, Buffer.from(await res.Body.transformToByteArray()), `s3://${s.bucket}`);
    },
  };
}

export function createFileStore(settings: FileStoreSettings): FileStore {
  const backends = new Map<string, BlobBackend>([["db", databaseBackend]]);
  backends.set("fs", folderBackend(settings.dir));
  if (settings.s3) backends.set("s3", s3Backend(settings.s3));
  const backend = backends.get(settings.backend);
  if (!backend) throw new Error(`file store: backend ${settings.backend} is not configured`);
  return {
    backend,
    backendFor(name) {
      const b = backends.get(name);
      if (!b) throw new Error(`file store: a file is kept in ${name}, which is not configured here`);
      return b;
    },
  };
}

/** The store of a process without a file folder or S3 (seed scripts, sweepers): the database. */
export const databaseFileStore: FileStore = {
  backend: databaseBackend,
  backendFor(name) {
    if (name !== "db") throw new Error(`file store: a file is kept in ${name}, which is not configured here`);
    return databaseBackend;
  },
};
