// The event loop's longest delay while a test file's requests run
// (perf_hooks), printed with the file's results: a request that blocks the
// loop (a validation walk gone exponential) shows as a delay of seconds. The
// goal is under 100 ms. It is printed, not asserted: on a shared CPU the
// delay also counts the time other processes held the CPU, so the longest
// CPU time a single request took is printed beside it (the process's, all
// threads: compression in the thread pool counts though it does not block). (The work of
// validation is asserted deterministically elsewhere.)
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll } from 'vitest';

/** Sampling interval: a sample is the time between two turns of the loop, so the figures overstate by at most this. */
const RESOLUTION_MS = 1;

export interface EventLoopWatch {
  /**
   * Sends one request, watched. Requests through `yoga.fetch` run in promise
   * jobs, which never let the loop turn, while a server's requests arrive on
   * turns of their own: each request starts on a new turn, so its blocking is
   * measured on its own.
   */
  request<T>(send: () => Promise<T>): Promise<T>;
}

/** Watches the requests of a test file (the loop is watched only while one runs); `describe(requests)` says what they were. */
export function watchEventLoop(describe: (requests: number) => string): EventLoopWatch {
  let histogram: IntervalHistogram | undefined;
  let requests = 0;
  let longestCpuMs = 0;
  beforeAll(() => {
    histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  });
  afterAll(() => {
    if (!histogram) return;
    const ms = (ns: number) => (ns / 1e6).toFixed(1);
    console.info(
      `event loop during ${describe(requests)}: longest delay ${ms(histogram.max)} ms (99th percentile ${ms(histogram.percentile(99))} ms); ` +
        `longest CPU time of one request ${longestCpuMs.toFixed(1)} ms`,
    );
  });
  return {
    async request(send) {
      await nextTurn();
      histogram?.enable();
      const cpu = process.cpuUsage();
      try {
        return await send();
      } finally {
        const used = process.cpuUsage(cpu);
        longestCpuMs = Math.max(longestCpuMs, (used.user + used.system) / 1000);
        requests += 1;
        // Let a last sample close the interval that is still open.
        await sleep(RESOLUTION_MS * 2);
        histogram?.disable();
      }
    },
  };
}
