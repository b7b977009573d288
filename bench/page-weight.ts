// Page weight (issue 11, item 9): what each web app transfers to a browser that has nothing cached
// (e2e/weight.ts measures; e2e/page-weight.e2e.test.ts holds the targets). `npm run build -w web`
// first: the server serves web/dist. DETAIL=1 lists every response.
import { startServer } from "../e2e/harness.js";
import { PAGES, pageWeight } from "../e2e/weight.js";

export async function pageWeightBench(): Promise<{ app: string; kb: number; targetKb?: number }[]> {
  const server = await startServer();
  const out: { app: string; kb: number; targetKb?: number }[] = [];
  try {
    for (const p of PAGES) {
      const w = await pageWeight(server.url, p.path);
      out.push({ app: p.app, kb: w.kb, targetKb: p.targetKb });
      if (process.env.DETAIL === "1") {
        console.log(`\n${p.path}: ${w.kb} KB`);
        for (const r of w.responses) console.log(`  ${(r.bytes / 1024).toFixed(1).padStart(7)}  ${r.path.slice(0, 100)}`);
      }
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
