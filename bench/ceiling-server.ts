// The ceiling: a bare Fastify route doing one SQLite write per request, nothing else.
import path from "node:path";
import SQLite from "better-sqlite3";
import Fastify from "fastify";

const db = new SQLite(path.join(process.env.DATA_DIR ?? ".", "ceiling.sqlite"));
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.exec("create table if not exists t (id integer primary key autoincrement, at text not null, v text not null)");
const insert = db.prepare("insert into t (at, v) values (?, ?)");
const app = Fastify();
app.get("/api/health", async () => ({ ok: true }));
app.post("/write", async () => {
  const r = insert.run(new Date().toISOString(), "x");
  return { id: Number(r.lastInsertRowid) };
});
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
