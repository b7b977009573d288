import { openBrowser } from "./harness";

/**
 * Page weight (issue 11, item 9): what one web app transfers to a browser that has nothing cached,
 * in Debian's Chromium at a phone's size, against the real server serving web/dist. Counted: every
 * response's encoded body and headers until no request has started for 1.5 s and every one has
 * finished (Playwright's "networkidle" alone waits 500 ms, and on a busy machine a lazy page's
 * chunk can start later than that: it would not be counted).
 */
export const PAGES: { app: string; path: string; targetKb?: number }[] = [
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

export interface Weight {
  /** KB of 1,024 bytes, one decimal. */
  kb: number;
  /** Each response: path and bytes, largest first. */
  responses: { path: string; bytes: number }[];
}

export async function pageWeight(base: string, path: string): Promise<Weight> {
  const browser = await openBrowser({ width: 390, height: 844 });
  const responses: { path: string; bytes: number }[] = [];
  const pending: Promise<void>[] = [];
  let lastStart = Date.now();
  let open = 0;
  browser.page.on("request", () => {
    lastStart = Date.now();
    open += 1;
  });
  browser.page.on("requestfailed", () => {
    open -= 1;
  });
  browser.page.on("requestfinished", (req) => {
    open -= 1;
    pending.push(
      req.sizes().then(
        (s) => {
          responses.push({ path: req.url().replace(base, ""), bytes: s.responseBodySize + s.responseHeadersSize });
        },
        () => undefined,
      ),
    );
  });
  try {
    await browser.page.goto(`${base}${path}`, { waitUntil: "networkidle" });
    const deadline = Date.now() + 30_000;
    while ((open > 0 || Date.now() - lastStart < 1500) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await Promise.all(pending);
  } finally {
    await browser.close();
  }
  responses.sort((a, b) => b.bytes - a.bytes);
  const bytes = responses.reduce((sum, r) => sum + r.bytes, 0);
  return { kb: Math.round(bytes / 102.4) / 10, responses };
}
