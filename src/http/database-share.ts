// Runs each GraphQL execution with a share of the database of its own: its
// statements take at most a few pool connections at once (src/db/fair-share.ts).
import type { Plugin } from 'graphql-yoga';
import { withRequestShare } from '../db/fair-share.ts';

export function useDatabaseShare(): Plugin {
  return {
    onExecute({ setExecuteFn, executeFn }) {
      setExecuteFn((args) => withRequestShare(() => executeFn(args)));
    },
  };
}
