// Which operation of a document runs, and whether the API has its type, each
// refused with a typed error that says what is wrong:
// - an operationName the document lacks, several operations and no name, or
//   a document of fragments only: BAD_REQUEST, 400 (Yoga would say "Could not
//   determine what operation to execute.");
// - a mutation or subscription while the schema has no such type (the API is
//   read-only for now): a validation error, as graphql-js 17's
//   KnownOperationTypes rule makes it (graphql 16 lets it through to a
//   message without a code). When a type is added, its operations pass.
import { type ASTVisitor, type DocumentNode, GraphQLError, getOperationAST, Kind, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../domain/errors.ts';

/** Operation names listed in a message, at most. */
const NAMES_SHOWN = 5;

/** Why no operation of the document can be chosen for `operationName`, or null when one can. */
export function operationResolutionProblem(document: DocumentNode, operationName: unknown): string | null {
  if (operationName != null && typeof operationName !== 'string') return 'operationName must be a string.';
  const name = (operationName ?? undefined) as string | undefined;
  if (getOperationAST(document, name)) return null;
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const names = operations.map((o) => o.name?.value ?? '(anonymous)');
  const listed = names.slice(0, NAMES_SHOWN).join(', ') + (names.length > NAMES_SHOWN ? ', ...' : '');
  if (!operations.length) return 'The document has no operation to run, only fragments.';
  if (name !== undefined) return `The document has no operation named "${name.slice(0, 100)}"; it has ${listed}.`;
  return `The document has ${operations.length} operations (${listed}); give the one to run as operationName.`;
}

function knownOperationTypesRule(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  return {
    OperationDefinition(operation) {
      if (schema.getRootType(operation.operation)) return;
      context.reportError(
        new GraphQLError(`This API has no ${operation.operation}s: its schema defines no ${operation.operation} type (it answers queries).`, {
          nodes: operation,
        }),
      );
    },
  };
}

export function useOperationChecks(): Plugin {
  return {
    onParse() {
      // Runs before Yoga's own resolution check, on fresh and cached parses alike.
      return ({ result, context }) => {
        const { request, params } = context as { request?: Request; params?: { operationName?: unknown } };
        if (!request || !params || result instanceof Error) return;
        const problem = operationResolutionProblem(result, params.operationName);
        if (problem) throw new GraphQLError(problem, { extensions: { code: ErrorCode.BAD_REQUEST, http: { status: 400 } } });
      };
    },
    onValidate({ addValidationRule }) {
      addValidationRule(knownOperationTypesRule);
    },
  };
}
