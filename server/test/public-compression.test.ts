import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptedEncoding } from "../src/platform/http/compress.js";
import { setup, type TestEnv } from "./helpers.js";

/** Issue 11, item 9: the public API's JSON reaches phones compressed; the staff API and small answers as they were. */
describe("the public API's JSON is compressed for phones", () => {
  let env: TestEnv;
  let manager: string;
  beforeAll(async () => {
    env = await setup();
    manager = await env.login("zgc.manager");
  });
  afterAll(() => env.close());

  const items = (encoding?: string) =>
    env.app.inject({
      url: "/api/public/items?page=1&pageSize=200",
      headers: encoding === undefined ? {} : { "accept-encoding": encoding },
    });

  it("sends Brotli when accepted, gzip otherwise, and the same JSON either way", async () => {
    const plain = await items();
    expect(plain.statusCode).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(4096);
    expect(String(plain.headers.vary)).toMatch(/accept-encoding/i);

    const brotli = await items("gzip, deflate, br");
    expect(brotli.headers["content-encoding"]).toBe("br");
    expect(String(brotli.headers.vary)).toMatch(/accept-encoding/i);
    expect(brotli.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    expect(JSON.parse(brotliDecompressSync(brotli.rawPayload).toString("utf8"))).toEqual(JSON.parse(plain.body));

    const gzipped = await items("gzip");
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(JSON.parse(gunzipSync(gzipped.rawPayload).toString("utf8"))).toEqual(JSON.parse(plain.body));
    // The header survives compression: the portal's paging reads it.
    expect(gzipped.headers["x-total-count"]).toBe(plain.headers["x-total-count"]);
  });

  it("leaves small answers, refused encodings, HEAD and the staff API alone", async () => {
    expect((await items("br;q=0, gzip;q=0")).headers["content-encoding"]).toBeUndefined();
    expect((await items("identity")).headers["content-encoding"]).toBeUndefined();
    const small = await env.app.inject({ url: "/api/public/tickets/23456789abcd", headers: { "accept-encoding": "br" } });
    expect(small.headers["content-encoding"]).toBeUndefined();
    const head = await env.app.inject({ method: "HEAD", url: "/api/public/items", headers: { "accept-encoding": "br" } });
    expect(head.headers["content-encoding"]).toBeUndefined();
    const site = await env.siteId("zgc-street");
    const staff = await env.app.inject({ url: `/api/sites/${site}/queues`, headers: { cookie: manager, "accept-encoding": "br" } });
    expect(staff.statusCode).toBe(200);
    expect(staff.headers["content-encoding"]).toBeUndefined();
  });

  it("reads Accept-Encoding as browsers send it", () => {
    expect(acceptedEncoding("gzip, deflate, br, zstd")).toBe("br");
    expect(acceptedEncoding("gzip;q=1.0, br;q=0")).toBe("gzip");
    expect(acceptedEncoding(["deflate", "GZIP"])).toBe("gzip");
    expect(acceptedEncoding("br;q=0.0")).toBeNull();
    expect(acceptedEncoding(undefined)).toBeNull();
  });
});
