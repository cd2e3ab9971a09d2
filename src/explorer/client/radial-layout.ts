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
  /**
   * The room an entity needs along its ring when it sits at `angle` (radians,
   * y downwards); `spacing` when not given. A label wider than it is tall
   * needs more at the top and bottom of a ring than at its sides, so
   * entities there get a wider share of the circle.
   */
  room?: (id: string, angle: number) => number;
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
  { spacing = 80, ringGap = 170, room = () => spacing }: RadialOptions = {},
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

  // Each node's angle is a share of its parent's, in proportion to the
  // weight of the leaves below it: first one each, then the room each leaf
  // needs where that first round put it.
  type Sectors = Map<string, { from: number; to: number }>;
  const sectorsBy = (leafWeight: (id: string) => number): Sectors => {
    const sectors: Sectors = new Map();
    if (!order.has(root)) return sectors;
    const weight = new Map<string, number>();
    const weigh = (id: string): number => {
      const kids = children.get(id) ?? [];
      const w = kids.length ? kids.reduce((sum, kid) => sum + weigh(kid), 0) : leafWeight(id);
      weight.set(id, w);
      return w;
    };
    weigh(root);
    const start = -Math.PI / 2;
    sectors.set(root, { from: start, to: start + 2 * Math.PI });
    for (const level of rings) {
      for (const parent of level) {
        const { from, to } = sectors.get(parent)!;
        const kids = children.get(parent) ?? [];
        const total = kids.reduce((sum, kid) => sum + weight.get(kid)!, 0);
        let at = from;
        for (const kid of kids) {
          const width = ((to - from) * weight.get(kid)!) / total;
          sectors.set(kid, { from: at, to: at + width });
          at += width;
        }
      }
    }
    return sectors;
  };
  const middle = (s: { from: number; to: number }) => (s.from + s.to) / 2;
  const even = sectorsBy(() => 1);
  const sector = sectorsBy((id) => room(id, middle(even.get(id)!)));

  // Each ring is far enough out that every node on it has the room it needs within its share.
  const positions = new Map<string, Point>();
  let radius = 0;
  rings.forEach((level, depth) => {
    if (depth === 0) {
      positions.set(root, { x: 0, y: 0 });
      return;
    }
    const needed = Math.max(...level.map((id) => room(id, middle(sector.get(id)!)) / (sector.get(id)!.to - sector.get(id)!.from)));
    radius = Math.max(radius + ringGap, level.length > 1 ? needed : 0);
    for (const id of level) {
      const angle = middle(sector.get(id)!);
      positions.set(id, { x: radius * Math.cos(angle), y: radius * Math.sin(angle) });
    }
  });
  if (unreached.length) {
    const angleOf = (i: number) => -Math.PI / 2 + (2 * Math.PI * i) / unreached.length;
    const around = unreached.reduce((sum, id, i) => sum + room(id, angleOf(i)), 0);
    radius = Math.max(radius + ringGap, around / (2 * Math.PI));
    unreached.forEach((id, i) => {
      positions.set(id, { x: radius * Math.cos(angleOf(i)), y: radius * Math.sin(angleOf(i)) });
    });
  }
  return positions;
}
