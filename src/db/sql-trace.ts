// Counts the SQL statements a unit of work sends, without threading a counter
// through every call: the pool reports each statement to the trace of the
// async context it was sent from. Tests use it to prove queries are N+1-free;
// the server can return the count in a response's extensions.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface SqlTrace {
  statements: number;
  /** The statements' text, when the caller asked to keep them. */
  log?: string[];
}

const store = new AsyncLocalStorage<SqlTrace>();

export function withSqlTrace<T>(trace: SqlTrace, fn: () => T): T {
  return store.run(trace, fn);
}

/** Runs `fn` outside any trace: a request's bookkeeping (its graph version header), not its query. */
export function untraced<T>(fn: () => T): T {
  return store.exit(fn);
}

export function recordStatement(text: string): void {
  const trace = store.getStore();
  if (!trace) return;
  trace.statements += 1;
  trace.log?.push(text);
}
