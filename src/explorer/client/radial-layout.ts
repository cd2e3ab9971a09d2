// Where to draw each entity: a radial tree around the start entity. Each ring
// holds the entities one step further out, and every entity sits inside the
// angle given to the entity it was reached from, so expanding a node puts its
// neighbours next to it rather than across the drawing.

export interface Point {
  x: number;
  y: number;
}

export interface RadialOptions {
  /** Least distance between the centres of two entities on a ring. */
  spacing?: number;
  /** Least distance between two rings. */
  ringGap?: number;
}

/**
 * Positions for `nodes` around `root` (centred on 0,0), over the undirected
 * `edges`. Breadth-first from the root, in the order the nodes are given;
 * entities the root cannot reach go on a ring of their own outside the rest.
 */
export function radialLayout(
  root: string,
  nodes: readonly string[],
  edges: ReadonlyArray<{ source: string; target: string }>,
  { spacing = 80, ringGap = 170 }: RadialOptions = {},
): Map<string, Point> {
  const order = new Map(nodes.map((id, i) => [id, i]));
  const neighbours = new Map<string, string[]>(nodes.map((id) => [id, []]));
  for (const { source, target } of edges) {
    if (source === target || !order.has(source) || !order.has(target)) continue;
    neighbours.get(source)!.push(target);
    neighbours.get(target)!.push(source);
  }
  for (const list of neighbours.values()) list.sort((a, b) => order.get(a)! - order.get(b)!);

  // The breadth-first tree: each node's children and its ring.
  const children = new Map<string, string[]>();
  const ring = new Map<string, number>();
  const rings: string[][] = [];
  if (order.has(root)) {
    ring.set(root, 0);
    rings.push([root]);
    for (let depth = 0; rings[depth]?.length; depth++) {
      const next: string[] = [];
      for (const parent of rings[depth]!) {
        const kids = neighbours.get(parent)!.filter((id) => !ring.has(id));
        for (const kid of kids) ring.set(kid, depth + 1);
        children.set(parent, kids);
        next.push(...kids);
      }
      if (next.length) rings.push(next);
    }
  }
  const unreached = nodes.filter((id) => !ring.has(id));

  // Each node's angle is a share of its parent's, in proportion to the leaves below it.
  const leaves = new Map<string, number>();
  const countLeaves = (id: string): number => {
    const kids = children.get(id) ?? [];
    const n = kids.length ? kids.reduce((sum, kid) => sum + countLeaves(kid), 0) : 1;
    leaves.set(id, n);
    return n;
  };
  const sector = new Map<string, { from: number; to: number }>();
  if (order.has(root)) {
    countLeaves(root);
    const start = -Math.PI / 2;
    sector.set(root, { from: start, to: start + 2 * Math.PI });
    for (const level of rings) {
      for (const parent of level) {
        const { from, to } = sector.get(parent)!;
        const kids = children.get(parent) ?? [];
        const total = kids.reduce((sum, kid) => sum + leaves.get(kid)!, 0);
        let at = from;
        for (const kid of kids) {
          const width = ((to - from) * leaves.get(kid)!) / total;
          sector.set(kid, { from: at, to: at + width });
          at += width;
        }
      }
    }
  }

  // Each ring is far enough out that its most crowded neighbours are `spacing` apart.
  const positions = new Map<string, Point>();
  let radius = 0;
  rings.forEach((level, depth) => {
    if (depth === 0) {
      positions.set(root, { x: 0, y: 0 });
      return;
    }
    const narrowest = Math.min(...level.map((id) => sector.get(id)!.to - sector.get(id)!.from));
    radius = Math.max(radius + ringGap, level.length > 1 ? spacing / narrowest : 0);
    for (const id of level) {
      const { from, to } = sector.get(id)!;
      const angle = (from + to) / 2;
      positions.set(id, { x: radius * Math.cos(angle), y: radius * Math.sin(angle) });
    }
  });
  if (unreached.length) {
    radius = Math.max(radius + ringGap, (spacing * unreached.length) / (2 * Math.PI));
    unreached.forEach((id, i) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * i) / unreached.length;
      positions.set(id, { x: radius * Math.cos(angle), y: radius * Math.sin(angle) });
    });
  }
  return positions;
}
