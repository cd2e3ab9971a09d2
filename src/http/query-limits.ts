// Limits on what one GraphQL request may ask for, checked before anything
// runs: tokens while parsing; depth, aliases, directives and introspection
// fan-out while validating (graphql-armor's rules, plus one of ours for
// introspection); query cost, which depends on the variables, just before
// execution (Pothos' complexity plugin, priced by src/schema/cost.ts).
// Every refusal is a typed LIMIT_EXCEEDED error that names the limit.
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { MaxTokensParserWLexer, maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { createComplexityRule } from '@pothos/plugin-complexity';
import {
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type GraphQLSchema,
  validate,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LimitExceededError } from '../schema/errors.ts';

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

/**
 * Introspection lists that expand a type into its members. The standard
 * introspection query (GraphiQL's) nests at most 3 of them
 * (`types { fields { args } }`); each further level multiplies the answer by
 * the size of the schema (`types { fields { type { fields { type { fields ...`).
 */
const INTROSPECTION_LISTS = new Set(['types', 'fields', 'args', 'inputFields', 'interfaces', 'possibleTypes', 'enumValues', 'directives']);
export const MAX_INTROSPECTION_LIST_NESTING = 3;
/**
 * Depth of introspection selections. The standard introspection query reaches
 * 15 (its `ofType` chain is 9 levels deep), deeper than any data query needs,
 * so introspection has this depth limit of its own and the general depth
 * limit stays tuned to the data queries.
 */
export const MAX_INTROSPECTION_DEPTH = 15;
/** `__schema` is the whole schema: once per operation is all any client needs. */
const MAX_SCHEMA_FIELDS = 1;

function limitExceeded(message: string, limit: string, max: number, actual?: number): GraphQLError {
  return new LimitExceededError(message, {
    limit,
    max,
    ...(actual === undefined ? {} : { actual }),
    // A refused request, like a validation error (GraphQL over HTTP: 400 for
    // application/graphql-response+json, 200 for application/json).
    http: { status: 400, spec: true },
  });
}

export interface IntrospectionShape {
  /** Deepest field level inside `__schema` or `__type`, counted from the operation (a leaf is a level). */
  depth: number;
  listNesting: number;
  schemaFields: number;
}

/** How deep introspection selections and lists nest, and how many `__schema` fields an operation selects. */
function introspectionShape(operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>): IntrospectionShape {
  const shape: IntrospectionShape = { depth: 0, listNesting: 0, schemaFields: 0 };
  const walk = (set: SelectionSetNode, level: number, inIntrospection: boolean, nesting: number, spreading: Set<string>) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === '__schema') shape.schemaFields += 1;
        const inside = inIntrospection || name === '__schema' || name === '__type';
        const deeper = inside && INTROSPECTION_LISTS.has(name) ? nesting + 1 : nesting;
        if (inside) shape.depth = Math.max(shape.depth, level + 1);
        shape.listNesting = Math.max(shape.listNesting, deeper);
        if (selection.selectionSet) walk(selection.selectionSet, level + 1, inside, deeper, spreading);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, level, inIntrospection, nesting, spreading);
      } else {
        const name = selection.name.value;
        const fragment = fragments[name];
        // A cycle is refused by GraphQL's own NoFragmentCycles rule.
        if (!fragment || spreading.has(name)) continue;
        walk(fragment.selectionSet, level, inIntrospection, nesting, new Set([...spreading, name]));
      }
    }
  };
  walk(operation.selectionSet, 0, false, 0, new Set());
  return shape;
}

function introspectionRule(context: ValidationContext): ASTVisitor {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of context.getDocument().definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  }
  return {
    OperationDefinition(operation) {
      const shape = introspectionShape(operation, fragments);
      if (shape.depth > MAX_INTROSPECTION_DEPTH) {
        context.reportError(
          limitExceeded(
            `Introspection depth limit of ${MAX_INTROSPECTION_DEPTH} exceeded, found ${shape.depth}.`,
            'introspectionDepth',
            MAX_INTROSPECTION_DEPTH,
            shape.depth,
          ),
        );
      }
      if (shape.listNesting > MAX_INTROSPECTION_LIST_NESTING) {
        context.reportError(
          limitExceeded(
            `Introspection lists nest ${shape.listNesting} deep; at most ${MAX_INTROSPECTION_LIST_NESTING} are allowed (enough for the standard introspection query).`,
            'introspectionNesting',
            MAX_INTROSPECTION_LIST_NESTING,
            shape.listNesting,
          ),
        );
      }
      if (shape.schemaFields > MAX_SCHEMA_FIELDS) {
        context.reportError(
          limitExceeded(`__schema is selected ${shape.schemaFields} times; once is enough.`, 'schemaFields', MAX_SCHEMA_FIELDS, shape.schemaFields),
        );
      }
    },
  };
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
    maxDirectivesRule({ ...ARMOR_COMMON, n: limits.maxDirectives, onReject: [armorRejection('directives', limits.maxDirectives)] }),
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
  /** Depth of the introspection selections, checked against MAX_INTROSPECTION_DEPTH. */
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
  const counted = { depth: 0, aliases: 0, directives: 0 };
  const accept = (key: keyof typeof counted) => [(_: unknown, { n }: { n: number }) => void (counted[key] = Math.max(counted[key], n))];
  const errors = validate(schema, document, [
    maxDepthRule({ n: Number.POSITIVE_INFINITY, ignoreIntrospection: true, flattenFragments: true, onAccept: accept('depth') }),
    maxAliasesRule({ n: Number.POSITIVE_INFINITY, onAccept: accept('aliases') }),
    maxDirectivesRule({ n: Number.POSITIVE_INFINITY, onAccept: accept('directives') }),
  ]);
  if (errors.length) throw errors[0];
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const shapes = operations.map((o) => introspectionShape(o, fragments));
  const introspectionNesting = Math.max(0, ...shapes.map((s) => s.listNesting));
  const introspectionDepth = Math.max(0, ...shapes.map((s) => s.depth));
  const { cost, errors: costErrors } = measureCost(schema, document, variables, operations[0]?.name?.value);
  if (!cost) throw costErrors[0] ?? new Error('the query could not be measured');
  return { ...counted, cost: (cost as QueryCost).cost, tokens: parser.tokenCount, introspectionDepth, introspectionNesting };
}
