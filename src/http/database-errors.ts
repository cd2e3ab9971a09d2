// What a database error is, from the error objects themselves (never their
// SQL): the codes it carries, and whether it means the database could not be
// reached (so a read may be tried again elsewhere, and the client is told
// DATABASE_UNAVAILABLE rather than an internal error).
const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08006', '08001', '08003', 'P1001', 'P1017']);

export function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e && chain.length < 10; e = (e as { originalError?: unknown; cause?: unknown }).originalError ?? (e as { cause?: unknown }).cause) {
    chain.push(e);
  }
  return chain;
}

/** What Prisma's pg driver adapter reports instead of a code for failures of the socket (no SQLSTATE). */
const ADAPTER_KINDS: Record<string, string> = {
  DatabaseNotReachable: 'ECONNREFUSED',
  ConnectionClosed: 'ECONNRESET',
  SocketTimeout: 'ETIMEDOUT',
  ValueOutOfRange: '22003',
};

/**
 * The codes one error carries, from the error objects themselves: its own
 * `code` (PostgreSQL's SQLSTATE from pg, Node's socket error, Prisma's P-code)
 * and, for a Prisma error raised by the driver adapter, the original SQLSTATE
 * (`meta.driverAdapterError.cause.originalCode`) or the kind of socket failure.
 */
export function codesOf(error: unknown): string[] {
  const e = error as { code?: unknown; name?: unknown; meta?: { driverAdapterError?: unknown } } | null;
  const codes = typeof e?.code === 'string' ? [e.code] : [];
  const adapterError = e?.meta?.driverAdapterError ?? (e?.name === 'DriverAdapterError' ? e : undefined);
  const cause = (adapterError as { cause?: { originalCode?: unknown; kind?: unknown } } | undefined)?.cause;
  if (typeof cause?.originalCode === 'string') codes.push(cause.originalCode);
  if (typeof cause?.kind === 'string' && ADAPTER_KINDS[cause.kind]) codes.push(ADAPTER_KINDS[cause.kind]!);
  return codes;
}

/** Whether an error (or one of its causes) says the database could not be reached or stopped answering. */
export function isConnectionFailure(error: unknown): boolean {
  const chain = causes(error);
  return (
    chain.flatMap(codesOf).some((c) => CONNECTION_ERRORS.has(c)) ||
    // "Query read timeout": pg's client-side backstop (query_timeout, past statement_timeout)
    // fired, so PostgreSQL did not even answer its own cancellation: it is hung or cut off.
    chain.some((e) => /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Can't reach database|Query read timeout|not queryable/i.test(String((e as Error)?.message ?? '')))
  );
}
