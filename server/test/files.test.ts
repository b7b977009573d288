import fs from "node:fs";
import os from "node:os";
import path from "node:path";
// @ts-expect-error s3rver ships no types
import S3rver from "s3rver";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFileStore } from "../src/platform/files/backends.js";
import { defineFilePolicy, prepareFile, saveFile } from "../src/platform/files/files.service.js";
import { jpegWithGps, tinyPng } from "./file-samples.js";
import { ENGINE, json, setup, type TestEnv } from "./helpers.js";

/** A module's protected files: only the district administrator reads them. */
const SECRET = defineFilePolicy({
  name: "test.secret",
  public: false,
  canRead: (ctx) => ctx.principal?.kind === "user" && ctx.principal.grants.some((g) => g.role === "district_admin"),
});

type Backend = "db" | "fs" | "s3";

for (const backend of ["db", "fs", "s3"] as Backend[]) {
  describe(`file store (${backend} backend) on ${ENGINE}`, () => {
    let env: TestEnv & { dataDir: string };
    let admin: string;
    let s3: { close(): Promise<void> } | undefined;
    let s3Dir: string | undefined;
    let itemId: string;

    beforeAll(async () => {
      const extra: Record<string, string> = { FILES_BACKEND: backend };
      if (backend === "s3") {
        // A real S3-compatible server on loopback: the adapter's requests, signatures and bodies.
        s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), "govhall-s3-"));
        const server = new S3rver({
          port: 0,
          address: "127.0.0.1",
          silent: true,
          directory: s3Dir,
          configureBuckets: [{ name: "govhall-files" }],
        });
        const { port } = await server.run();
        s3 = server;
        Object.assign(extra, {
          S3_ENDPOINT: `http://127.0.0.1:${port}`,
          S3_BUCKET: "govhall-files",
          S3_ACCESS_KEY_ID: "S3RVER",
          S3_SECRET_ACCESS_KEY: "S3RVER",
        });
      }
      env = await setup({ env: extra });
      admin = await env.login("admin");
      const items = json((await env.app.inject({ method: "GET", url: "/api/catalog/items?q=DEMO-0009", headers: { cookie: admin } })).body);
      itemId = (items.items ?? items).find((i: { code: string }) => i.code === "DEMO-0009").id;
    }, 60_000);
    afterAll(async () => {
      await env.close();
      await s3?.close();
      if (s3Dir) fs.rmSync(s3Dir, { recursive: true, force: true });
    });

    const upload = (index: number, body: Buffer, type: string) =>
      env.app.inject({
        method: "POST",
        url: `/api/catalog/items/${itemId}/materials/${index}/sample`,
        headers: { cookie: admin, "content-type": type },
        payload: body,
      });
    const count = async (table: "files" | "file_blobs" | "file_reads" | "item_versions") =>
      Number(
        (
          await env.handle.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it("refuses an upload that lies about its type, or is too large, as problem+json, and keeps nothing", async () => {
      const before = [await count("files"), await count("file_blobs"), await count("item_versions")];
      const html = Buffer.from("<!doctype html><script>alert(1)</script>");
      const cases: [Buffer, string, number, string][] = [
        [await tinyPng(), "image/jpeg", 415, "file_type_mismatch"],
        [html, "application/pdf", 415, "file_type_mismatch"],
        [Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(5 * 1024 * 1024)]), "application/pdf", 413, "body_too_large"],
        [Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100)]), "image/jpeg", 415, "file_unreadable"],
        [html, "text/html", 415, "unsupported_media_type"],
      ];
      for (const [body, type, status, code] of cases) {
        const r = await upload(0, body, type);
        expect(r.statusCode, `${type} ${code}: ${r.body}`).toBe(status);
        expect(r.headers["content-type"]).toContain("application/problem+json");
        expect(json(r.body).code).toBe(code);
      }
      expect([await count("files"), await count("file_blobs"), await count("item_versions")]).toEqual(before);
    });

    it("a JPEG with an EXIF GPS position comes back without it; the same content is stored once", async () => {
      const photo = await jpegWithGps();
      expect((await sharp(photo).metadata()).exif).toBeDefined();
      expect(photo.includes(Buffer.from("govhall-test-camera"))).toBe(true);
      const blobs = await count("file_blobs");
      const a = await upload(0, photo, "image/jpeg");
      expect(a.statusCode, a.body).toBe(200);
      const b = await upload(1, photo, "image/jpeg");
      expect(b.statusCode, b.body).toBe(200);
      const sa = json(a.body).latest.guide.materials[0].sample;
      const sb = json(b.body).latest.guide.materials[1].sample;
      expect(sa.fileId).not.toBe(sb.fileId);
      // Two files, one content.
      expect(await count("file_blobs")).toBe(blobs + 1);

      const got = await env.app.inject({ method: "GET", url: `/api/files/${sa.fileId}` });
      expect(got.statusCode).toBe(200);
      expect(got.headers["content-type"]).toBe("image/jpeg");
      const meta = await sharp(got.rawPayload).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.width).toBe(16);
      expect(got.rawPayload.includes(Buffer.from("govhall-test-camera"))).toBe(false);
      expect(got.rawPayload.includes(Buffer.from("GPS"))).toBe(false);

      // Where the bytes are: in the row, in DATA_DIR/files/ab/cd/<sha256>, or in the bucket.
      const file = await env.handle.db.selectFrom("files").selectAll().where("id", "=", sa.fileId).executeTakeFirstOrThrow();
      const blob = await env.handle.db.selectFrom("file_blobs").selectAll().where("sha256", "=", file.sha256).executeTakeFirstOrThrow();
      expect(blob.backend).toBe(backend);
      expect(blob.data === null).toBe(backend !== "db");
      const onDisk = path.join(env.dataDir, "files", file.sha256.slice(0, 2), file.sha256.slice(2, 4), file.sha256);
      expect(fs.existsSync(onDisk)).toBe(backend === "fs");
    });

    it("a protected file is read only as its policy allows (403 otherwise), and every read is recorded", async () => {
      const ctx = { ...(await systemCtxOf(env)), principal: null };
      const prepared = await prepareFile(Buffer.from("%PDF-1.4\nsecret\n%%EOF\n"), "application/pdf", {
        types: ["application/pdf"],
        maxBytes: 1024,
        label: { zh: "文件", en: "file" },
      });
      const stored = await env.handle.db.transaction().execute((tx) => saveFile(tx, ctx, prepared, { name: "内部.pdf", policy: SECRET }));
      const reads = await count("file_reads");
      const manager = await env.login("zgc.manager");
      const url = `/api/files/${stored.id}`;
      const refused = await env.app.inject({ method: "GET", url, headers: { cookie: manager } });
      expect(refused.statusCode).toBe(403);
      expect(refused.headers["content-type"]).toContain("application/problem+json");
      expect((await env.app.inject({ method: "GET", url })).statusCode).toBe(403);
      const ok = await env.app.inject({ method: "GET", url, headers: { cookie: admin } });
      expect(ok.statusCode).toBe(200);
      expect(ok.rawPayload.toString()).toContain("secret");
      const log = await env.handle.db
        .selectFrom("file_reads")
        .select(["principal", "allowed"])
        .where("file_id", "=", stored.id)
        .orderBy("read_at")
        .orderBy("id")
        .execute();
      expect(await count("file_reads")).toBe(reads + 3);
      expect(log.map((r) => Number(r.allowed)).sort()).toEqual([0, 0, 1]);
      expect(log.filter((r) => r.principal === null)).toHaveLength(1);
      // Public samples are not recorded.
      const sample = await env.handle.db.selectFrom("files").select("id").where("policy", "=", "catalog.sample").executeTakeFirstOrThrow();
      expect((await env.app.inject({ method: "GET", url: `/api/files/${sample.id}` })).statusCode).toBe(200);
      expect(await count("file_reads")).toBe(reads + 3);
      expect((await env.app.inject({ method: "GET", url: "/api/files/0190a000-0000-7000-8000-000000000000" })).statusCode).toBe(404);
    });
  });
}

async function systemCtxOf(env: TestEnv) {
  return {
    db: env.handle.db,
    dialect: env.handle.dialect,
    clock: env.clock,
    principal: null,
    requestId: "test",
    bus: env.bus,
    files: createFileStore(env.config.files),
    caches: env.app.caches,
  };
}
