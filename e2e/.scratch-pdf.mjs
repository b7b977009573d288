import { readFileSync } from "node:fs";
import { extractText, getDocumentProxy } from "unpdf";

const bytes = new Uint8Array(readFileSync("/tmp/webdev/slip.pdf"));
const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
const flat = text.replace(/\s+/g, "");
const item = await (await fetch("http://127.0.0.1:8091/api/public/items/00013112800001")).json();
for (const m of item.guide.materials) console.log(m.name, flat.includes(m.name.replace(/\s+/g, "")));
console.log(flat.includes("一次性告知单"), flat.slice(0, 200));
