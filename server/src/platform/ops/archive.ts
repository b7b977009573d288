import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import tar from "tar-stream";

/**
 * The one backup format: a gzipped tar whose first entry is `manifest.json`, naming the format,
 * the engine, the schema version (the last applied migration), when it was made, and the size and
 * SHA-256 of every other entry. A reader trusts nothing it has not checked against the manifest.
 */
export const FORMAT = "govhall-backup";
export const FORMAT_VERSION = 1;
export const MANIFEST = "manifest.json";

export interface ManifestEntry {
  name: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  format: typeof FORMAT;
  formatVersion: number;
  appVersion: string;
  engine: "sqlite" | "postgres";
  /** The last applied migration: the schema version of the data. */
  schemaVersion: string;
  migrations: string[];
  createdAt: string;
  entries: ManifestEntry[];
}

/** A backup refused before anything was changed; the message says why, in Chinese and English. */
export class BackupError extends Error {}

export async function fileDigest(file: string): Promise<{ size: number; sha256: string }> {
  const h = createHash("sha256");
  let size = 0;
  for await (const chunk of fs.createReadStream(file)) {
    h.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha256: h.digest("hex") };
}

/**
 * Writes the archive to `out` through a `.partial` file renamed at the end, so an interrupted
 * backup never leaves a file that looks complete. `sources` maps entry names to files on disk.
 */
export async function writeArchive(
  out: string,
  manifest: Omit<Manifest, "entries">,
  sources: { name: string; file: string }[],
): Promise<Manifest> {
  const entries: ManifestEntry[] = [];
  for (const s of sources) entries.push({ name: s.name, ...(await fileDigest(s.file)) });
  const full: Manifest = { ...manifest, entries };
  const pack = tar.pack();
  const partial = `${out}.partial`;
  const written = pipeline(pack, createGzip({ level: 6 }), fs.createWriteStream(partial));
  const add = (name: string, size: number, body: NodeJS.ReadableStream | Buffer) =>
    new Promise<void>((resolve, reject) => {
      if (Buffer.isBuffer(body)) {
        pack.entry({ name, size, mode: 0o600, mtime: new Date(manifest.createdAt) }, body, (e) => (e ? reject(e) : resolve()));
        return;
      }
      const sink = pack.entry({ name, size, mode: 0o600, mtime: new Date(manifest.createdAt) }, (e) => (e ? reject(e) : resolve()));
      body.on("error", reject);
      body.pipe(sink);
    });
  try {
    await add(MANIFEST, Buffer.byteLength(JSON.stringify(full)), Buffer.from(JSON.stringify(full, null, 0)));
    for (const s of sources) {
      const e = entries.find((x) => x.name === s.name) as ManifestEntry;
      await add(s.name, e.size, fs.createReadStream(s.file));
    }
    pack.finalize();
    await written;
    const fd = fs.openSync(partial, "r");
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(partial, out);
  } catch (err) {
    pack.destroy();
    await written.catch(() => undefined);
    fs.rmSync(partial, { force: true });
    throw err;
  }
  return full;
}

const NOT_A_BACKUP = (file: string, why: string) =>
  new BackupError(`不是 govhall 备份文件 / Not a govhall backup: ${file} (${why}); nothing was changed / 未做任何更改`);
const DAMAGED = (file: string, why: string) =>
  new BackupError(`备份文件不完整或已损坏 / The backup is incomplete or damaged: ${file} (${why}); nothing was changed / 未做任何更改`);

function parseManifest(file: string, raw: Buffer): Manifest {
  let m: Manifest;
  try {
    m = JSON.parse(raw.toString("utf8")) as Manifest;
  } catch {
    throw NOT_A_BACKUP(file, "manifest.json is not JSON");
  }
  if (m?.format !== FORMAT) throw NOT_A_BACKUP(file, "manifest names another format");
  if (m.formatVersion !== FORMAT_VERSION)
    throw new BackupError(
      `备份格式版本 ${m.formatVersion} 不受支持 / Backup format version ${m.formatVersion} is not supported by this release`,
    );
  if (!Array.isArray(m.entries) || !Array.isArray(m.migrations) || typeof m.schemaVersion !== "string")
    throw NOT_A_BACKUP(file, "manifest is incomplete");
  return m;
}

/** An entry name that stays inside the folder it is extracted to. */
function safeName(name: string): boolean {
  return name.length > 0 && !path.isAbsolute(name) && !name.split("/").some((p) => p === ".." || p === "") && !name.includes("\\");
}

/**
 * Extracts and checks an archive into `dir` (which must be empty): the first entry must be the
 * manifest; every other entry must be listed there with its exact size and checksum, and every
 * listed entry must be present. Throws BackupError otherwise; the caller removes `dir`.
 */
function assertGzip(file: string): void {
  if (!fs.existsSync(file)) throw new BackupError(`备份文件不存在 / No such backup file: ${file}`);
  const head = Buffer.alloc(2);
  const fd = fs.openSync(file, "r");
  const n = fs.readSync(fd, head, 0, 2, 0);
  fs.closeSync(fd);
  if (n < 2 || head[0] !== 0x1f || head[1] !== 0x8b) throw NOT_A_BACKUP(file, "not a gzip archive");
}

/** Writes one entry to `target`, returning its size and SHA-256. */
async function writeEntry(entry: AsyncIterable<unknown>, target: string): Promise<{ size: number; sha256: string }> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const h = createHash("sha256");
  let size = 0;
  const out = fs.createWriteStream(target);
  for await (const c of entry) {
    h.update(c as Buffer);
    size += (c as Buffer).length;
    if (!out.write(c)) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return { size, sha256: h.digest("hex") };
}

export async function readArchive(file: string, dir: string): Promise<Manifest> {
  assertGzip(file);

  const extract = tar.extract();
  const read: ReadSoFar = { manifest: undefined, seen: new Map() };
  let failure: Error | undefined;
  const reading = pipeline(fs.createReadStream(file), createGunzip(), extract).catch((err: Error) => {
    failure = err;
    extract.destroy(err);
  });
  try {
    for await (const entry of extract) await readEntry(file, dir, entry, read);
    await reading;
    if (failure) throw failure;
  } catch (err) {
    await reading;
    if (err instanceof BackupError) throw err;
    if (!read.manifest) throw NOT_A_BACKUP(file, (err as Error).message);
    throw DAMAGED(file, (err as Error).message);
  }
  const { manifest, seen } = read;
  if (!manifest) throw NOT_A_BACKUP(file, "empty archive");
  const missing = manifest.entries.filter((e) => !seen.has(e.name));
  if (missing.length) throw DAMAGED(file, `missing ${missing.map((e) => e.name).join(", ")}`);
  return manifest;
}

/** What readArchive uses of a tar-stream entry: its header and its bytes. */
type TarEntry = AsyncIterable<unknown> & { header: { name: string; type?: string | null } };

interface ReadSoFar {
  manifest: Manifest | undefined;
  seen: Map<string, ManifestEntry>;
}

/** One entry: the first must be the manifest; every other one a file it lists, once, with its size and checksum. */
async function readEntry(file: string, dir: string, entry: TarEntry, read: ReadSoFar): Promise<void> {
  const name = entry.header.name;
  if (!read.manifest) {
    if (name !== MANIFEST) throw NOT_A_BACKUP(file, "first entry is not manifest.json");
    const chunks: Buffer[] = [];
    for await (const c of entry) chunks.push(c as Buffer);
    read.manifest = parseManifest(file, Buffer.concat(chunks));
    return;
  }
  const expected = read.manifest.entries.find((e) => e.name === name);
  if (!expected || !safeName(name) || read.seen.has(name) || entry.header.type !== "file")
    throw DAMAGED(file, `unexpected entry ${JSON.stringify(name)}`);
  const got = await writeEntry(entry, path.join(dir, name));
  if (got.size !== expected.size || got.sha256 !== expected.sha256) throw DAMAGED(file, `checksum of ${name} does not match`);
  read.seen.set(name, expected);
}
