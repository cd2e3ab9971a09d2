// The graph version a request must be answered at or after, as the server
// learns it before execution: the response cache's key (an answer kept under
// version V must come from a database that has replayed V). src/http/read-source.ts
// reads it, with the client's `X-Graph-Version`, to choose where the request
// reads, and as the version of an answer served from the cache.
const required = new WeakMap<Request, bigint>();

/** A graph version as a client sends it: digits, else undefined. */
export function parseGraphVersion(value: string | null | undefined): bigint | undefined {
  return value && /^\d{1,19}$/.test(value.trim()) ? BigInt(value.trim()) : undefined;
}

/** The request's answer must reflect at least `version`. */
export function requireVersion(request: Request, version: string | bigint): void {
  const v = typeof version === 'bigint' ? version : parseGraphVersion(version);
  if (v === undefined) return;
  const known = required.get(request);
  if (known === undefined || v > known) required.set(request, v);
}

/** The least version the request's answer must reflect, if any is known. */
export function requiredVersion(request: Request): bigint | undefined {
  return required.get(request);
}
