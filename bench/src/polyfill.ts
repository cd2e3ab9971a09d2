// PostGraphile 5 declares Node >= 22 and calls Promise.withResolvers (Node 22+).
// On Node 20 its connections quietly resolve to null without it, so it is
// defined before PostGraphile loads (this module is imported first).
if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
export {};
