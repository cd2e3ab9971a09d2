// Operations whose root fields are all compiled are answered without
// graphql-js execution (src/schema/compiled/execute.ts). Placed before the
// plugins that wrap execution (the database share, statement counts), so it
// runs inside them as graphql-js would, and after every check of the request
// and the operation (limits, cost, persisted operations), which stop it first.
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { executeCompiled } from '../schema/compiled/execute.ts';

export function useCompiledExecution(): Plugin {
  return {
    onExecute({ setExecuteFn, executeFn }) {
      setExecuteFn(async (args) => {
        const graphqlJs = () => executeFn(args) as Promise<ExecutionResult>;
        return (await executeCompiled(args, graphqlJs)) ?? graphqlJs();
      });
    },
  };
}
