import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptId, openStream } from "../web/src/queue/stream";

// The web apps' stream client (web/src/queue/stream.ts) against a server that misbehaves as a
// broken network or bus would: it repeats an event and skips one. The client must hand each event
// to the app once, in order, and resume after the highest contiguous id it holds.
describe("the web stream client", () => {
  it("tells the next event from a duplicate and from a gap", () => {
    expect(acceptId(null, 7, 3)).toBe("next");
    expect(acceptId(7, 8, 7)).toBe("next");
    expect(acceptId(7, 9, 7)).toBe("next"); // a filtered room: 8 was not for this client
    expect(acceptId(7, 7, 6)).toBe("duplicate");
    expect(acceptId(7, 5, 4)).toBe("duplicate");
    expect(acceptId(7, 10, 9)).toBe("gap"); // the server sent 9 before 10, and 9 never arrived
  });

  const resumes: (string | undefined)[] = [];
  let server: http.Server;
  let url = "";
  const frame = (id: number, prev: number | null) =>
    `id: ${id}\nevent: ticket.called\ndata: ${JSON.stringify({ id, prev, siteId: "s", at: "", ticketId: null, windowId: null, queueId: null, data: { n: id } })}\n\n`;
  beforeAll(async () => {
    // What the client needs of a browser (fetch-event-source reads window and document).
    const g = globalThis as { window?: unknown; document?: unknown };
    g.window ??= globalThis;
    g.document ??= { hidden: false, addEventListener: () => undefined, removeEventListener: () => undefined };
    server = http.createServer((req, res) => {
      const last = req.headers["last-event-id"] as string | undefined;
      resumes.push(last);
      res.writeHead(200, { "content-type": "text/event-stream" });
      if (last === undefined) {
        // 1, 2, 2 again, then 4 whose prev (3) the client never got.
        res.write(frame(1, null) + frame(2, 1) + frame(2, 1) + frame(4, 3));
      } else {
        res.write(frame(3, Number(last)) + frame(4, 3));
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it("hands each event over once, in order, and resumes after the last contiguous id", async () => {
    const got: number[] = [];
    let done: () => void = () => undefined;
    const all = new Promise<void>((r) => {
      done = r;
    });
    const stop = openStream({
      url,
      onEvent: (_type, data) => {
        got.push((data as { id: number }).id);
        if (got.length === 4) done();
      },
    });
    await all;
    stop();
    expect(got).toEqual([1, 2, 3, 4]);
    expect(resumes).toEqual([undefined, "2"]);
  }, 10_000);
});
