// Walks of a document that expand fragment spreads must not repeat the walk
// of a fragment for every spread: 28 fragments that each spread the next
// twice stand for 2^28 selections. A FragmentMemo keeps each fragment's
// result per entry state, so a walk reads each fragment at most once per
// state and its work is linear in the document.
import { type DocumentNode, type FragmentDefinitionNode, Kind } from 'graphql';

export class FragmentMemo<R> {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly results = new Map<string, R>();
  private readonly active = new Set<string>();

  /** `empty` stands for an unknown fragment or one spread inside itself (GraphQL's own rules refuse both). */
  constructor(
    document: DocumentNode,
    private readonly empty: R,
  ) {
    for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(def.name.value, def);
  }

  /** The result of `compute` for the fragment `name` entered in `state`, computed once. */
  get(name: string, state: string, compute: (fragment: FragmentDefinitionNode) => R): R {
    const key = `${state}\u0000${name}`;
    const known = this.results.get(key);
    if (known !== undefined) return known;
    const fragment = this.fragments.get(name);
    if (!fragment || this.active.has(key)) return this.empty;
    this.active.add(key);
    const result = compute(fragment);
    this.active.delete(key);
    this.results.set(key, result);
    return result;
  }
}
