// After `vite build`: writes a Brotli (.br) and a gzip (.gz) copy beside every text asset, so the
// server sends phones the compressed file without compressing on each request (@fastify/static
// `preCompressed`). Files under 1 KB are left alone: the headers would cost more than they save.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const dist = resolve(import.meta.dirname, "../dist");
const TEXT = /\.(js|css|svg|json|html|txt|map)$/;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (TEXT.test(name) && statSync(p).size >= 1024) {
      const body = readFileSync(p);
      writeFileSync(`${p}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      writeFileSync(`${p}.gz`, gzipSync(body, { level: 9 }));
    }
  }
}
walk(dist);
