import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, setup, type TestEnv } from "./helpers.js";

const GSSL = "00013112700401"; // 公司设立登记

/** PUT /api/catalog/items/:itemId/themes (setItemThemes) through HTTP. */
describe("an item's themes", () => {
  let env: TestEnv;
  let admin: string;
  let itemId: string;
  let codes: string[];
  const put = (id: string, themes: unknown, cookie?: string) =>
    env.app.inject({ method: "PUT", url: `/api/catalog/items/${id}/themes`, headers: cookie ? { cookie } : {}, payload: { themes } });
  const publicThemes = async () =>
    (json((await env.app.inject({ url: `/api/public/items/${GSSL}` })).body).themes as { code: string }[]).map((t) => t.code);
  const byTheme = async (code: string) =>
    (
      json((await env.app.inject({ url: `/api/public/items?theme=${encodeURIComponent(code)}&pageSize=100` })).body) as { code: string }[]
    ).map((i) => i.code);
  const themeAudits = async () =>
    await env.handle.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "item.themes.set")
      .where("entity_id", "=", itemId)
      .execute();

  beforeAll(async () => {
    env = await setup();
    admin = await env.login("admin");
    const items = json((await env.app.inject({ url: "/api/catalog/items", headers: { cookie: admin } })).body) as {
      id: string;
      code: string;
    }[];
    itemId = items.find((i) => i.code === GSSL)?.id as string;
    codes = (json((await env.app.inject({ url: "/api/catalog/themes", headers: { cookie: admin } })).body) as { code: string }[]).map(
      (t) => t.code,
    );
    expect(codes.length).toBeGreaterThanOrEqual(3);
  });
  afterAll(() => env?.close());

  it("replaces the themes at once (no new version), for staff and the public, and audits before and after", async () => {
    const before = await publicThemes();
    const version = json((await env.app.inject({ url: `/api/public/items/${GSSL}` })).body).version;
    const chosen = codes.filter((c) => !before.includes(c)).slice(0, 2);
    expect(chosen).toHaveLength(2);
    // A repeated code counts once.
    const res = await put(itemId, [chosen[1], chosen[0], chosen[1]], admin);
    expect(res.statusCode, res.body).toBe(200);
    expect((json(res.body).themes as { code: string }[]).map((t) => t.code).sort()).toEqual([...chosen].sort());
    expect((await publicThemes()).sort()).toEqual([...chosen].sort());
    expect(await byTheme(chosen[0] as string)).toContain(GSSL);
    for (const gone of before) expect(await byTheme(gone)).not.toContain(GSSL);
    expect(json((await env.app.inject({ url: `/api/public/items/${GSSL}` })).body).version).toBe(version);
    const audits = await themeAudits();
    expect(audits).toHaveLength(1);
    expect(JSON.parse(audits[0]?.before ?? "null")).toEqual([...before].sort());
    expect(JSON.parse(audits[0]?.after ?? "null")).toEqual([...chosen].sort());

    const cleared = await put(itemId, [], admin);
    expect(cleared.statusCode).toBe(200);
    expect(json(cleared.body).themes).toEqual([]);
    expect(await publicThemes()).toEqual([]);
    expect(await themeAudits()).toHaveLength(2);
  });

  it("refuses an unknown theme, an unknown item, bad input and callers who may not write the catalog, changing nothing", async () => {
    expect((await put(itemId, [codes[0]], admin)).statusCode).toBe(200);
    const audits = (await themeAudits()).length;

    const unknown = await put(itemId, [codes[1], "no-such-theme"], admin);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.headers["content-type"]).toContain("application/problem+json");
    expect(json(unknown.body)).toMatchObject({ code: "theme_not_found", status: 422 });
    expect(json(unknown.body).message.zh).toContain("no-such-theme");

    const missing = await put("0190aaaa-0000-7000-8000-00000000beef", [codes[0]], admin);
    expect(missing.statusCode).toBe(404);
    expect((await put("not-a-uuid", [codes[0]], admin)).statusCode).toBe(400);
    expect((await put(itemId, "not-a-list", admin)).statusCode).toBe(400);
    expect(
      (
        await put(
          itemId,
          Array.from({ length: 21 }, (_, i) => `t${i}`),
          admin,
        )
      ).statusCode,
    ).toBe(400);

    expect((await put(itemId, [codes[1]])).statusCode).toBe(401);
    // Site staff read the catalog; only the district office writes it.
    expect((await put(itemId, [codes[1]], await env.login("scjg.manager"))).statusCode).toBe(403);
    expect((await put(itemId, [codes[1]], await env.login("supervisor"))).statusCode).toBe(403);

    expect(await publicThemes()).toEqual([codes[0]]);
    expect((await themeAudits()).length).toBe(audits);
  });
});
