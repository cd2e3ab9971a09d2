// A GraphQL subscription over server-sent events, as a browser's EventSource
// or graphql-sse's client would open it against Yoga: POST with
// `Accept: text/event-stream`, then one `event: next` per result.
export interface SseSubscription {
  /** The HTTP status the stream opened with. */
  status: number;
  /** The next result's payload ({ data } or { errors }); rejects after `timeoutMs`. */
  next(timeoutMs: number): Promise<any>;
  close(): void;
}

/** Opens the subscription; `fetchFn` may be a Yoga instance's `fetch` (no port). */
export async function subscribeSse(
  url: string,
  query: string,
  headers: Record<string, string> = {},
  fetchFn: (url: string, init: RequestInit) => Promise<Response> = fetch,
): Promise<SseSubscription> {
  const controller = new AbortController();
  const response = await fetchFn(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query }),
    signal: controller.signal,
  });
  const queued: any[] = [];
  const waiting: Array<(v: any) => void> = [];
  let buffer = '';
  const pump = async () => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event !== 'next' || data === undefined) continue;
        const payload = JSON.parse(data);
        const waiter = waiting.shift();
        if (waiter) waiter(payload);
        else queued.push(payload);
      }
    }
  };
  pump().catch(() => undefined);
  return {
    status: response.status,
    next(timeoutMs) {
      if (queued.length) return Promise.resolve(queued.shift());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(done), 1);
          reject(new Error(`no event within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = (v: any) => {
          clearTimeout(timer);
          resolve(v);
        };
        waiting.push(done);
      });
    },
    close: () => controller.abort(),
  };
}
