// Limits on what one GraphQL request may ask for, checked before anything
// runs: tokens while parsing; depth, aliases, directives and introspection
// fan-out while validating (graphql-armor's rules for depth and aliases, ours
// for directives and introspection); query cost, which depends on the variables, just before
// execution (Pothos' complexity plugin, priced by src/schema/cost.ts).
// Every refusal is a typed LIMIT_EXCEEDED error that names the limit.
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { MaxTokensParserWLexer, maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { createComplexityRule } from '@pothos/plugin-complexity';
import {
  type DocumentNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValidationRule,
  type GraphQLSchema,
  validate,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { directiveCount, maxDirectivesRule } from './directive-limit.ts';
import { FragmentMemo } from './fragment-memo.ts';
import { introspectionMemo, introspectionRule, introspectionShape } from './introspection-limit.ts';
import { limitExceeded } from './limit-error.ts';

export interface QueryLimits {
  /** Deepest nesting of fields (fragments do not count as a level). */
  maxDepth: number;
  maxAliases: number;
  /** Lexical tokens of the document: bounds the work of parsing itself. */
  maxTokens: number;
  maxDirectives: number;
  /** Most fields the response may hold, counting each connection at its page size (cost.ts). */
  maxCost: number;
}

/** graphql-armor's rejection (a thrown or reported "Syntax Error: ...") as our typed error. */
function armorRejection(limit: string, max: number) {
  return (context: ValidationContext | null, error: GraphQLError) => {
    const message = error.message.replace(/^Syntax Error: /, '');
    const actual = Number(/found (\d+)/.exec(message)?.[1]);
    const typed = limitExceeded(message, limit, max, Number.isFinite(actual) ? actual : undefined);
    // Tokens are counted by the parser, which has no validation context: throw to stop it.
    if (!context) throw typed;
    context.reportError(typed);
  };
}

export interface QueryCost {
  cost: number;
  depth: number;
  breadth: number;
}

/**
 * The cost of the operation that would run, with the request's variables
 * (a page size given as `$first` costs what it asks for), or the errors that
 * stop it from being measured (e.g. a variable of the wrong type).
 */
export function measureCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variableValues: Record<string, unknown> | null | undefined,
  operationName: string | null | undefined,
  context: object = {},
): { cost: QueryCost | null; errors: readonly GraphQLError[] } {
  let measured: QueryCost | null = null;
  const errors = validate(schema, document, [
    createComplexityRule({
      context,
      variableValues: variableValues ?? {},
      operationName: operationName ?? undefined,
      validate: (state) => {
        measured = { cost: state.complexity, depth: state.depth, breadth: state.breadth };
      },
    }),
  ]);
  return { cost: measured, errors };
}

const measuredCost = new WeakMap<object, QueryCost>();

/** The cost measured for this request's operation (for the request log). */
export function costOf(context: object): QueryCost | undefined {
  return measuredCost.get(context);
}

/** Variables longer than this as JSON are measured every time rather than kept. */
const MAX_CACHED_VARIABLES_CHARS = 2048;
/** Costs kept per document (one per operation name and variables seen). */
const COSTS_PER_DOCUMENT = 64;

function useCostLimit(maxCost: number): Plugin {
  // Measuring is a full validation pass; the cost depends only on the
  // document, the operation and the variables (src/schema/cost.ts reads no
  // context), and Yoga's parse cache hands out the same document for the
  // same text, so a repeated request reuses its measure.
  const measured = new WeakMap<DocumentNode, Map<string, ReturnType<typeof measureCost>>>();
  const measure = (schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | null | undefined, operationName: string | null | undefined) => {
    const key = JSON.stringify([operationName ?? null, variables ?? {}]);
    if (key.length > MAX_CACHED_VARIABLES_CHARS) return measureCost(schema, document, variables, operationName);
    let byInput = measured.get(document);
    if (!byInput) measured.set(document, (byInput = new Map()));
    let result = byInput.get(key);
    if (!result) {
      result = measureCost(schema, document, variables, operationName);
      if (byInput.size >= COSTS_PER_DOCUMENT) byInput.delete(byInput.keys().next().value!);
      byInput.set(key, result);
    }
    return result;
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const { cost, errors } = measure(args.schema, args.document, args.variableValues, args.operationName);
      // Variable errors are left to execution, which reports them in GraphQL's own words.
      if (!cost || errors.length) return;
      measuredCost.set(args.contextValue as object, cost);
      if (cost.cost > maxCost) {
        setResultAndStopExecution({
          errors: [
            limitExceeded(
              `The query could return about ${cost.cost} fields; the limit is ${maxCost}. Ask for smaller pages or fewer levels.`,
              'cost',
              maxCost,
              cost.cost,
            ),
          ],
        });
      }
    },
  };
}

const ARMOR_COMMON = { exposeLimits: true, propagateOnRejection: false } as const;

/** The validation rules that enforce the limits, as the server runs them (the tests measure their work). */
export function limitRules(limits: QueryLimits): ValidationRule[] {
  return [
    // __schema has its own depth limit (introspectionRule); everything else, __type included, has this one.
    maxDepthRule({ ...ARMOR_COMMON, n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, onReject: [armorRejection('depth', limits.maxDepth)] }),
    maxAliasesRule({ ...ARMOR_COMMON, n: limits.maxAliases, onReject: [armorRejection('aliases', limits.maxAliases)] }),
    // Ours, not graphql-armor's: armor's drops the directives of a fragment's later spreads (directive-limit.ts).
    maxDirectivesRule(limits.maxDirectives),
    introspectionRule,
  ];
}

/** The Yoga plugins that enforce the limits. */
export function useQueryLimits(limits: QueryLimits): Plugin[] {
  const rules = limitRules(limits);
  return [
    // Thrown from inside the parser by armorRejection, so the parse stops at the limit.
    maxTokensPlugin({ ...ARMOR_COMMON, n: limits.maxTokens, propagateOnRejection: true, onReject: [armorRejection('tokens', limits.maxTokens)] }) as Plugin,
    { onValidate: ({ addValidationRule }) => { for (const rule of rules) addValidationRule(rule); } },
    // Armor's cost ignores variables and the schema; ours (useCostLimit) uses both.
    useCostLimit(limits.maxCost),
  ];
}

export interface QueryMeasure {
  /** Depth as graphql-armor counts it (a leaf is a level, fragments are not), `__schema` excepted. */
  depth: number;
  /** Depth of the introspection selections, checked against LIMITS.introspectionDepth. */
  introspectionDepth: number;
  cost: number;
  tokens: number;
  aliases: number;
  directives: number;
  introspectionNesting: number;
}

/** Everything the limits measure, counted the way they count it (for tests and `npm run limits`). */
export function measureQuery(schema: GraphQLSchema, query: string, variables: Record<string, unknown> = {}): QueryMeasure {
  const parser = new MaxTokensParserWLexer(query, { n: Number.POSITIVE_INFINITY });
  const document = parser.parseDocument();
  const counted = { depth: 0, aliases: 0 };
  const accept = (key: keyof typeof counted) => [(_: unknown, { n }: { n: number }) => void (counted[key] = Math.max(counted[key], n))];
  const errors = validate(schema, document, [
    maxDepthRule({ n: Number.POSITIVE_INFINITY, ignoreIntrospection: true, flattenFragments: true, onAccept: accept('depth') }),
    maxAliasesRule({ n: Number.POSITIVE_INFINITY, onAccept: accept('aliases') }),
  ]);
  if (errors.length) throw errors[0];
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const memo = introspectionMemo(document);
  const shapes = operations.map((o) => introspectionShape(o, memo));
  const introspectionNesting = Math.max(0, ...shapes.map((s) => s.listNesting));
  const introspectionDepth = Math.max(0, ...shapes.map((s) => s.depth));
  const directiveMemo = new FragmentMemo(document, 0);
  const directives = Math.max(0, ...operations.map((o) => directiveCount(o, directiveMemo)));
  const { cost, errors: costErrors } = measureCost(schema, document, variables, operations[0]?.name?.value);
  if (!cost) throw costErrors[0] ?? new Error('the query could not be measured');
  return { ...counted, directives, cost: (cost as QueryCost).cost, tokens: parser.tokenCount, introspectionDepth, introspectionNesting };
}
