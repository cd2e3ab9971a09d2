// How each kind of entity looks in the drawing. Colour and shape both differ
// from kind to kind, so the drawing reads without telling colours apart; the
// legend says the same in words.

// A kind's names, attributes and descriptions come from the kind registry
// (src/domain/kinds.ts); only its look is the explorer's own.
import type { KindName } from '../../domain/kinds.ts';

export type { KindName };

export interface KindLook {
  /** Cytoscape node shape. */
  shape: string;
  /** Words for the shape, for the legend. */
  shapeName: string;
  color: string;
  /** CSS clip-path drawing the same shape in the legend. */
  clipPath: string;
}

// Okabe-Ito colours (safe for colour-blind readers) and a few darker ones.
export const KIND_LOOK: Record<KindName, KindLook> = {
  CUSTOMS_OFFICE: { shape: 'round-rectangle', shapeName: 'rounded square', color: '#0072B2', clipPath: 'inset(0 round 25%)' },
  BONDED_ZONE: { shape: 'hexagon', shapeName: 'hexagon', color: '#E69F00', clipPath: 'polygon(25% 0, 75% 0, 100% 50%, 75% 100%, 25% 100%, 0 50%)' },
  AIRPORT: { shape: 'triangle', shapeName: 'triangle', color: '#56B4E9', clipPath: 'polygon(50% 0, 100% 100%, 0 100%)' },
  POLICY: { shape: 'diamond', shapeName: 'diamond', color: '#D55E00', clipPath: 'polygon(50% 0, 100% 50%, 50% 100%, 0 50%)' },
  INDUSTRY: { shape: 'vee', shapeName: 'chevron', color: '#009E73', clipPath: 'polygon(0 0, 50% 40%, 100% 0, 50% 100%)' },
  PRODUCT: { shape: 'pentagon', shapeName: 'pentagon', color: '#CC79A7', clipPath: 'polygon(50% 0, 100% 38%, 81% 100%, 19% 100%, 0 38%)' },
  REGION: { shape: 'octagon', shapeName: 'octagon', color: '#7F7F7F', clipPath: 'polygon(30% 0, 70% 0, 100% 30%, 100% 70%, 70% 100%, 30% 100%, 0 70%, 0 30%)' },
  PERSON: { shape: 'ellipse', shapeName: 'circle', color: '#C9B400', clipPath: 'circle(50%)' },
  ORGANIZATION: { shape: 'rectangle', shapeName: 'square', color: '#332288', clipPath: 'inset(0)' },
  EVENT: { shape: 'star', shapeName: 'star', color: '#882255', clipPath: 'polygon(50% 0, 61% 35%, 98% 35%, 68% 57%, 79% 91%, 50% 70%, 21% 91%, 32% 57%, 2% 35%, 39% 35%)' },
};

export const KINDS = Object.keys(KIND_LOOK) as KindName[];

export function lookOf(kind: string): KindLook {
  return KIND_LOOK[kind as KindName] ?? { shape: 'ellipse', shapeName: 'circle', color: '#444444', clipPath: 'circle(50%)' };
}
