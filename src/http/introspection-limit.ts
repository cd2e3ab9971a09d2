// Introspection has limits of its own: how deep its selections go, how
// deeply its lists nest, and one `__schema` per operation. The walk that
// measures them expands fragments through a FragmentMemo (per fragment, and
// per whether it is entered inside introspection), so its work is linear in
// the document: it used to re-walk every spread, and 28 doubling fragments
// froze the event loop for more than ten minutes.
import type { ASTVisitor, DocumentNode, OperationDefinitionNode, SelectionSetNode, ValidationContext } from 'graphql';
import { Kind } from 'graphql';
import { FragmentMemo } from './fragment-memo.ts';
import { limitExceeded } from './limit-error.ts';
import { LIMITS } from '../limits.ts';

/**
 * Introspection lists that expand a type into its members. The standard
 * introspection query (GraphiQL's) nests at most 3 of them
 * (`types { fields { args } }`); each further level multiplies the answer by
 * the size of the schema (`types { fields { type { fields { type { fields ...`).
 */
const INTROSPECTION_LISTS = new Set(['types', 'fields', 'args', 'inputFields', 'interfaces', 'possibleTypes', 'enumValues', 'directives']);
/**
 * Depth of introspection selections. The standard introspection query reaches
 * 15 (its `ofType` chain is 9 levels deep), deeper than any data query needs,
 * so introspection has this depth limit of its own and the general depth
 * limit stays tuned to the data queries.
 */

export interface IntrospectionShape {
  /** Deepest field level inside `__schema` or `__type`, counted from the operation (a leaf is a level). */
  depth: number;
  listNesting: number;
  schemaFields: number;
}

/** The shape of a selection set relative to where it is entered: levels and list nesting below it. */
interface RelativeShape {
  /** Deepest level of an introspection field below the entry (-Infinity: none). */
  depth: number;
  listNesting: number;
  /** `__schema` fields once every fragment is expanded (a fragment spread twice counts twice). */
  schemaFields: number;
}

const NONE: RelativeShape = { depth: Number.NEGATIVE_INFINITY, listNesting: 0, schemaFields: 0 };

function merge(into: RelativeShape, part: RelativeShape, levels: number, lists: number): void {
  into.depth = Math.max(into.depth, levels + part.depth);
  into.listNesting = Math.max(into.listNesting, lists + part.listNesting);
  into.schemaFields += part.schemaFields;
}

/** How deep introspection selections and lists nest, and how many `__schema` fields an operation selects. */
export function introspectionShape(operation: OperationDefinitionNode, memo: FragmentMemo<RelativeShape>): IntrospectionShape {
  const walk = (set: SelectionSetNode, inIntrospection: boolean): RelativeShape => {
    const shape = { ...NONE };
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const inside = inIntrospection || name === '__schema' || name === '__type';
        const lists = inside && INTROSPECTION_LISTS.has(name) ? 1 : 0;
        const field: RelativeShape = { depth: inside ? 0 : NONE.depth, listNesting: 0, schemaFields: name === '__schema' ? 1 : 0 };
        if (selection.selectionSet) merge(field, walk(selection.selectionSet, inside), 0, 0);
        // The field is one level below the set it is selected in.
        merge(shape, field, 1, lists);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        merge(shape, walk(selection.selectionSet, inIntrospection), 0, 0);
      } else {
        const state = inIntrospection ? 'introspection' : 'data';
        merge(shape, memo.get(selection.name.value, state, (fragment) => walk(fragment.selectionSet, inIntrospection)), 0, 0);
      }
    }
    return shape;
  };
  const shape = walk(operation.selectionSet, false);
  return { depth: Math.max(0, shape.depth), listNesting: shape.listNesting, schemaFields: shape.schemaFields };
}

export function introspectionMemo(document: DocumentNode): FragmentMemo<RelativeShape> {
  return new FragmentMemo(document, NONE);
}

export function introspectionRule(context: ValidationContext): ASTVisitor {
  const memo = introspectionMemo(context.getDocument());
  return {
    OperationDefinition(operation) {
      const shape = introspectionShape(operation, memo);
      if (shape.depth > LIMITS.introspectionDepth) {
        context.reportError(
          limitExceeded(
            `Introspection depth limit of ${LIMITS.introspectionDepth} exceeded, found ${shape.depth}.`,
            'introspectionDepth',
            LIMITS.introspectionDepth,
            shape.depth,
          ),
        );
      }
      if (shape.listNesting > LIMITS.introspectionListNesting) {
        context.reportError(
          limitExceeded(
            `Introspection lists nest ${shape.listNesting} deep; at most ${LIMITS.introspectionListNesting} are allowed (enough for the standard introspection query).`,
            'introspectionNesting',
            LIMITS.introspectionListNesting,
            shape.listNesting,
          ),
        );
      }
      if (shape.schemaFields > LIMITS.introspectionSchemaFields) {
        context.reportError(
          limitExceeded(`__schema is selected ${shape.schemaFields} times; once is enough.`, 'schemaFields', LIMITS.introspectionSchemaFields, shape.schemaFields),
        );
      }
    },
  };
}
