// A bound on how long to wait for work that may hang (a connection that holds
// its socket open and answers nothing): the wait ends, the work is left to
// finish or fail on its own.

/** `work`'s result, or a rejection once `ms` have passed without one. */
export function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}
