/** A small server-sent-events reader for tests: real HTTP, real stream. */
export interface SseEvent {
  id?: number;
  event: string;
  data: unknown;
}

export class SseClient {
  readonly events: SseEvent[] = [];
  private controller = new AbortController();
  private waiters: { pred: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
  private done: Promise<void>;
  status = 0;
  /** Resolves once the response headers arrived: the server has registered the stream by then. */
  readonly ready: Promise<void>;
  private markReady: () => void = () => {};

  constructor(url: string, headers: Record<string, string> = {}) {
    this.ready = new Promise((r) => {
      this.markReady = r;
    });
    this.done = this.run(url, headers).finally(() => this.markReady());
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const c = new SseClient(url, headers);
    await c.ready;
    return c;
  }

  private async run(url: string, headers: Record<string, string>) {
    try {
      const res = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: this.controller.signal });
      this.status = res.status;
      this.markReady();
      if (!res.body) return;
      const reader = res.body.getReader();
      const dec = new TextDecoder();
      let buf = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += dec.decode(value, { stream: true });
        let i = buf.indexOf("\n\n");
        while (i >= 0) {
          this.parse(buf.slice(0, i));
          buf = buf.slice(i + 2);
          i = buf.indexOf("\n\n");
        }
      }
    } catch {
      // aborted
    }
  }

  private parse(block: string) {
    let id: number | undefined;
    let event = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith("id: ")) id = Number(line.slice(4));
      else if (line.startsWith("event: ")) event = line.slice(7);
      else if (line.startsWith("data: ")) data.push(line.slice(6));
    }
    if (data.length === 0) return;
    const e: SseEvent = { id, event, data: JSON.parse(data.join("\n")) };
    this.events.push(e);
    this.waiters = this.waiters.filter((w) => {
      if (!w.pred(e)) return true;
      w.resolve(e);
      return false;
    });
  }

  /** Resolves with the first event (already received or still to come) that matches. */
  next(pred: (e: SseEvent) => boolean, timeoutMs = 5000): Promise<SseEvent> {
    const seen = this.events.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const t = setTimeout(
        () => reject(new Error(`no matching event within ${timeoutMs} ms; got ${this.events.map((e) => e.event).join(",")}`)),
        timeoutMs,
      );
      this.waiters.push({
        pred,
        resolve: (e) => {
          clearTimeout(t);
          resolve(e);
        },
      });
    });
  }

  /** Resolves when the server ends the stream. */
  get ended(): Promise<void> {
    return this.done;
  }

  async close() {
    this.controller.abort();
    await this.done;
  }
}

export const ofType = (type: string, number?: string) => (e: SseEvent) =>
  e.event === type && (number === undefined || (e.data as { data?: { ticket?: { number?: string } } }).data?.ticket?.number === number);
