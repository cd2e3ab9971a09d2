// Reads the graph's version for every request that may be answered from the
// cache, so no answer cached before a change is served once the change has
// committed, whichever process or instance committed it. Requests that arrive
// together share one read, but a request never joins a read sent before it
// arrived: that read's snapshot may predate a commit the request follows.

/** Coalesces version reads: at most one in flight and one queued, whatever the concurrency. */
export function coalescedReader(read: () => Promise<string>): () => Promise<string> {
  let inFlight: Promise<string> | undefined;
  let queued: Promise<string> | undefined;
  const send = (): Promise<string> => {
    const sent = read().finally(() => {
      if (inFlight === sent) inFlight = undefined;
    });
    inFlight = sent;
    return sent;
  };
  return () => {
    // The queued read is sent after this call: joining it is safe.
    if (queued) return queued;
    if (!inFlight) return send();
    const next = inFlight
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return send();
      });
    queued = next;
    return next;
  };
}
