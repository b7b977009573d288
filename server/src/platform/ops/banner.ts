/** What a person starting govhall needs to see first: where to open it and, in the demo, how to sign in. */
export function banner(o: {
  version: string;
  url: string;
  engine: string;
  where: string;
  events: string;
  demo?: { password: string; accounts: { username: string; displayName: string }[] };
  metrics?: string;
}): string {
  const lines = [
    "",
    `  govhall ${o.version} 政务服务中心运行系统 is running`,
    "",
    `  打开 Open        ${o.url}/manage/   (门户 portal ${o.url}/portal/, 窗口 counter ${o.url}/counter/)`,
    `  API             ${o.url}/api/docs`,
    `  数据 Data        ${o.engine}: ${o.where}   (events: ${o.events})`,
  ];
  if (o.metrics) lines.push(`  指标 Metrics     ${o.metrics}`);
  if (o.demo) {
    const names = o.demo.accounts.map((a) => a.username);
    lines.push(
      "",
      `  演示账号 Demo accounts — password / 密码: ${o.demo.password}`,
      `    ${names.slice(0, 7).join("  ")}`,
      `    ${names.slice(7).join("  ")}`,
      "    (admin = 区级管理员 district administrator; zgc.window1 = 窗口人员 window staff; see README)",
    );
  }
  lines.push("", "  Ctrl+C to stop. Requests are logged at LOG_LEVEL=debug (or ACCESS_LOG=info).", "");
  return lines.join("\n");
}
