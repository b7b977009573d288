import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

const require = createRequire(import.meta.url);
const FONTS = {
  regular: require.resolve("@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf"),
  bold: require.resolve("@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf"),
};

/**
 * A document definition as pdfmake takes it, as plain JSON (it crosses to the worker thread and
 * is stored with the document): no functions. `pageNumbers` asks for "第 n 页 / 共 m 页" footers.
 */
export type Definition = Record<string, unknown> & { content: unknown; pageNumbers?: boolean };

// The worker: pdfmake with Noto Sans SC (regular, bold). Laying out a page with a 10 MB CJK font
// takes 100–300 ms of CPU; on the main thread that stalled every request behind it (issue 10
// item 4), here it only takes a core. Documents are built from our own data: no URL is ever
// fetched and no file other than the two fonts is read.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const pdfmake = require(workerData.pdfmake);
const { regular, bold } = workerData.fonts;
pdfmake.addFonts({ NotoSansSC: { normal: regular, bold, italics: regular, bolditalics: bold } });
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((p) => p === regular || p === bold);
parentPort.on("message", async ({ id, definition }) => {
  try {
    const { pageNumbers, ...doc } = definition;
    if (pageNumbers) {
      doc.footer = (page, pages) => ({ text: "第 " + page + " 页 / 共 " + pages + " 页", alignment: "center", fontSize: 8, margin: [0, 10, 0, 0] });
    }
    doc.defaultStyle = { font: "NotoSansSC", fontSize: 10, lineHeight: 1.25, ...(doc.defaultStyle || {}) };
    const data = await pdfmake.createPdf(doc).getBuffer();
    parentPort.postMessage({ id, data }, [data.buffer]);
  } catch (err) {
    parentPort.postMessage({ id, error: String(err && err.stack || err) });
  }
});
`;

type Job = { resolve(b: Buffer): void; reject(e: Error): void };

let worker: Worker | undefined;
const jobs = new Map<number, Job>();
let nextJob = 0;
let renders = 0;
let gate: Promise<void> | undefined;

function start(): Worker {
  if (worker) return worker;
  const w = new Worker(WORKER, { eval: true, workerData: { pdfmake: require.resolve("pdfmake"), fonts: FONTS } });
  // An idle renderer must not keep the process (or a test run) alive.
  w.unref();
  w.on("message", (m: { id: number; data?: Uint8Array; error?: string }) => {
    const job = jobs.get(m.id);
    jobs.delete(m.id);
    if (jobs.size === 0) w.unref();
    if (!job) return;
    if (m.data) job.resolve(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength));
    else job.reject(new Error(`document renderer: ${m.error}`));
  });
  w.on("error", (err) => fail(err));
  w.on("exit", (code) => fail(new Error(`document renderer stopped (exit ${code})`)));
  worker = w;
  return w;
}

/** A dead worker fails what it held; the next render starts a new one. */
function fail(err: Error) {
  worker = undefined;
  for (const job of jobs.values()) job.reject(err);
  jobs.clear();
}

/** Renders a definition to PDF bytes on the renderer thread (one at a time, in order). */
export async function renderPdf(definition: Definition): Promise<Buffer> {
  if (gate) await gate;
  renders++;
  const w = start();
  const id = nextJob++;
  const done = new Promise<Buffer>((resolve, reject) => jobs.set(id, { resolve, reject }));
  w.ref();
  w.postMessage({ id, definition });
  return done;
}

/** How many renders this process started: tests assert that a document is rendered once. */
export const renderCount = () => renders;

/**
 * Holds every render until the returned function is called: lets a test prove that requests
 * waiting for a PDF do not hold up the rest of the server, without measuring time.
 */
export function holdRenders(): () => void {
  let release = () => undefined as void;
  gate = new Promise<void>((r) => {
    release = () => {
      gate = undefined;
      r();
    };
  });
  return release;
}

/** Stops the renderer thread (process shutdown); a later render starts it again. */
export async function stopRenderer(): Promise<void> {
  const w = worker;
  worker = undefined;
  await w?.terminate();
}
