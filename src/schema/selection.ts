// What a query selects beneath a field, for resolvers that load by hand and
// should skip work nobody asked for (a total, a relation load).
import { type FieldNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';

function fieldsNamed(selectionSet: SelectionSetNode | undefined, name: string, info: GraphQLResolveInfo): FieldNode[] {
  if (!selectionSet) return [];
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === name ? [selection] : [];
    if (selection.kind === Kind.INLINE_FRAGMENT) return fieldsNamed(selection.selectionSet, name, info);
    const fragment = info.fragments[selection.name.value];
    return fragment ? fieldsNamed(fragment.selectionSet, name, info) : [];
  });
}

/**
 * Where a connection's items are selected: `nodes` and each edge's `node`.
 * A client may use either or both, so every load plans the items from both.
 */
export const CONNECTION_ITEMS: string[][] = [['nodes'], ['edges', 'node']];

/** Whether the field being resolved selects `path` (field names, through fragments), e.g. ['edges', 'node']. */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  let level: FieldNode[] = [...info.fieldNodes];
  for (const name of path) {
    level = level.flatMap((node) => fieldsNamed(node.selectionSet, name, info));
    if (!level.length) return false;
  }
  return true;
}

/** Whether the field being resolved selects any of `paths`. */
export function selectsAny(info: GraphQLResolveInfo, paths: readonly (readonly string[])[]): boolean {
  return paths.some((path) => selects(info, path));
}

/** The response path of the field without list indices: the same for every row of a list. */
export function fieldPathKey(info: GraphQLResolveInfo): string {
  const keys: string[] = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) {
    if (typeof p.key === 'string') keys.unshift(p.key);
  }
  return keys.join('.');
}
