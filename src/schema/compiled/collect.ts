// The fields a selection asks of an object of one runtime type, by response
// key, as graphql-js collects them when it executes (fragments whose type
// condition applies, @skip and @include honoured). graphql-js keeps its own
// collectFields internal, so this is the same few rules.
import {
  type FieldNode,
  getDirectiveValues,
  GraphQLIncludeDirective,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  GraphQLSkipDirective,
  Kind,
  type SelectionSetNode,
} from 'graphql';

type Selected = Map<string, FieldNode[]>;

function included(info: GraphQLResolveInfo, node: Parameters<typeof getDirectiveValues>[1]): boolean {
  if (!node.directives?.length) return true;
  if (getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;
}

function applies(info: GraphQLResolveInfo, typeName: string | undefined, runtime: GraphQLObjectType): boolean {
  if (!typeName || typeName === runtime.name) return true;
  const condition = info.schema.getType(typeName);
  return !!condition && 'getFields' in condition && info.schema.isSubType(condition as never, runtime);
}

function collectInto(info: GraphQLResolveInfo, runtime: GraphQLObjectType, set: SelectionSetNode, into: Selected, seen: Set<string>) {
  for (const selection of set.selections) {
    if (!included(info, selection)) continue;
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      const list = into.get(key);
      if (list) list.push(selection);
      else into.set(key, [selection]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (applies(info, selection.typeCondition?.name.value, runtime)) collectInto(info, runtime, selection.selectionSet, into, seen);
    } else {
      const name = selection.name.value;
      const fragment = info.fragments[name];
      if (seen.has(name) || !fragment || !applies(info, fragment.typeCondition.name.value, runtime)) continue;
      seen.add(name);
      collectInto(info, runtime, fragment.selectionSet, into, seen);
    }
  }
}

/** The subfields of `nodes` (one field, maybe repeated) for an object of type `runtime`, by response key. */
export function subfields(info: GraphQLResolveInfo, runtime: GraphQLObjectType, nodes: readonly FieldNode[]): Selected {
  const into: Selected = new Map();
  const seen = new Set<string>();
  for (const node of nodes) if (node.selectionSet) collectInto(info, runtime, node.selectionSet, into, seen);
  return into;
}
