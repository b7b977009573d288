// Page weight (issue 11, item 9): what each web app transfers to a browser that has nothing cached,
// measured in Debian's Chromium against the real server (`npm run build` first: it serves web/dist).
// Counted: every response's encoded body and headers until the network is idle.
import { openBrowser, startServer } from "../e2e/harness.js";

/** Each app's first page; the targets are the (phones on a poor network). */
const PAGES: { app: string; path: string; targetKb?: number }[] = [
  { app: "ticket (live ticket page)", path: "/t/23456789abcd", targetKb: 150 },
  { app: "kiosk", path: "/kiosk/", targetKb: 150 },
  { app: "portal", path: "/portal/", targetKb: 250 },
  { app: "portal booking", path: "/portal/booking", targetKb: 250 },
  { app: "display", path: "/display/" },
  { app: "evaluator", path: "/evaluator/" },
  { app: "counter", path: "/counter/" },
  { app: "manage", path: "/manage/" },
  { app: "district", path: "/district/" },
];

export async function pageWeightBench(): Promise<{ app: string; kb: number; targetKb?: number }[]> {
  const server = await startServer();
  const out: { app: string; kb: number; targetKb?: number }[] = [];
  try {
    for (const p of PAGES) {
      const browser = await openBrowser({ width: 390, height: 844 });
      let bytes = 0;
      const pending: Promise<void>[] = [];
      browser.page.on("requestfinished", (req) => {
        pending.push(
          req.sizes().then(
            (s) => {
              bytes += s.responseBodySize + s.responseHeadersSize;
            },
            () => undefined,
          ),
        );
      });
      await browser.page.goto(`${server.url}${p.path}`, { waitUntil: "networkidle" });
      await Promise.all(pending);
      await browser.close();
      out.push({ app: p.app, kb: Math.round(bytes / 102.4) / 10, targetKb: p.targetKb });
    }
  } finally {
    await server.stop();
  }
  console.log("\npage weight (transferred, nothing cached; Chromium; KB = 1,024 bytes)");
  for (const r of out) {
    const verdict = r.targetKb ? (r.kb <= r.targetKb ? `≤ ${r.targetKb} met` : `> ${r.targetKb} NOT met`) : "";
    console.log(`  ${r.app.padEnd(28)} ${String(r.kb).padStart(7)} KB  ${verdict}`);
  }
  return out;
}

if (process.argv[1]?.endsWith("page-weight.ts")) {
  await pageWeightBench();
  process.exit(0);
}
