import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, setup, type TestEnv } from "./helpers.js";
import { openWindow, windowIds } from "./queue-helpers.js";

// The audit log in words (issue 11 item 13): who by name and username, what in Chinese, the change
// as field changes, and a failed sign-in attributed to the account tried, not to «系统».
describe("audit log in words", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setup();
  });
  afterAll(() => env.close());

  type Rec = {
    action: string;
    who: { zh: string };
    what: { zh: string };
    entity: { zh: string };
    changes: { label: string; before: string | null; after: string | null }[];
  };
  const records = async (cookie: string, query: string) =>
    json((await env.app.inject({ url: `/api/audit?${query}`, headers: { cookie } })).body) as Rec[];

  it("says who did what, and what changed", async () => {
    const site = await env.siteId("zgc-street");
    const staff = await env.login("zgc.window1");
    const manager = await env.login("zgc.manager");
    await openWindow(env, staff, (await windowIds(env, staff, site))[1] as string);
    const settings = json((await env.app.inject({ url: `/api/sites/${site}/queue-settings`, headers: { cookie: manager } })).body);
    const put = await env.app.inject({
      method: "PUT",
      url: `/api/sites/${site}/queue-settings`,
      headers: { cookie: manager },
      payload: { ...settings, priorityEvery: 2 },
    });
    expect(put.statusCode, put.body).toBe(200);
    const bad = await env.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: "zgc.window2", password: "wrong-password" },
    });
    expect(bad.statusCode).toBe(401);

    const admin = await env.login("admin");
    const opened = (await records(admin, `siteId=${site}&action=window.open`))[0] as Rec;
    expect(opened.what.zh).toBe("开窗签到");
    expect(opened.who.zh).toMatch(/^\S+（zgc\.window1）$/);
    const changed = (await records(admin, `siteId=${site}&action=queue.settings.set`))[0] as Rec;
    expect(changed.what.zh).toBe("修改叫号设置");
    expect(changed.who.zh).toMatch(/（zgc\.manager）$/);
    expect(changed.changes).toContainEqual({ field: "priorityEvery", label: "依法优先间隔", before: "0", after: "2" });
    const failed = (await records(admin, "action=auth.login_failed"))[0] as Rec;
    expect(failed.what.zh).toBe("登录失败（密码错误）");
    expect(failed.who.zh).toBe("未登录（尝试以 zgc.window2 登录）");
    expect(failed.entity.zh).toMatch(/^人员 \S+/);
  });
});
