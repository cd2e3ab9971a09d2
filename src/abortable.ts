// Lets start-up steps end at once when the server is told to stop (SIGTERM
// during start-up); what they were doing is cut off by closing what they use.

/** Runs `work`, rejecting as soon as `signal` aborts (the work itself is cut off by closing what it uses). */
export async function abortable<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
  if (!signal) return work();
  signal.throwIfAborted();
  let onAbort!: () => void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work(), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
