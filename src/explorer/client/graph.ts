// The drawing: Cytoscape.js holds the nodes and edges shown, draws them where
// the radial layout puts them around the start entity, and reports taps. What to fetch and what to
// show in the panel is decided by the page (explore.ts).
import cytoscape, { type Core, type ElementDefinition, type NodeSingular } from 'cytoscape';
import { predicatePhrase, type PredicateName } from './format.ts';
import { KIND_LOOK, KINDS, type KindName } from './kinds.ts';
import { radialLayout } from './radial-layout.ts';
import type { EntityRef } from './queries.ts';

export interface DrawnEdge {
  id: string;
  source: string;
  target: string;
  predicate: PredicateName;
}

export interface GraphEvents {
  onEntityTap(entity: EntityRef): void;
  onRelationTap(relationId: string): void;
}

const reducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

// Labels stay readable at any zoom. A node's name never renders smaller than
// NODE_LABEL_PX: below zoom 1 its font grows in the drawing's units as the
// zoom shrinks. Edge labels render at EDGE_LABEL_PX or more too, so below
// zoom 1 only those of the selected or hovered element's relations are drawn;
// from zoom 1 on, all of them. (Cytoscape's min-zoomed-font-size cannot do
// this: it rounds the zoom up to a power of two, so it shows 6 px text.)
const NODE_LABEL_PX = 12;
const START_LABEL_PX = 13;
// Names wrap at this width on the screen, whatever the zoom, and long ones are
// shortened (in full when hovered or selected, in the panel and the text list).
const NODE_LABEL_WIDTH_PX = 120;
const NODE_LABEL_CHARS = 32;
const EDGE_LABEL_PX = 11;
// Rendered sizes are compared with the minimum after rounding; this margin keeps a scaled label above it.
const LABEL_MARGIN_PX = 0.5;
// What the layout leaves for each name, in screen pixels: a line of text, the
// node above it, and a gap to the next label.
const LABEL_LINE_PX = 15;
const NODE_ROOM_PX = 22;
const LABEL_GAP_PX = 10;
// Between two rings, in the drawing's units (it shrinks with the zoom, names do not).
const RING_GAP = 150;
// Room left around the drawing when it is fitted to its box, in screen pixels.
const FIT_PADDING_PX = 20;
// A graph of a few nodes is not blown up beyond this zoom by fitting.
const FIT_MAX_ZOOM = 1.5;

/** The stylesheet for a drawing whose labels are sized for `scale` (the zoom, or 1 when zoomed in). */
function stylesheet(scale: number): cytoscape.StylesheetJson {
  const px = (screen: number) => screen / scale;
  const edgeLabel = {
    label: 'data(label)',
    'font-size': px(EDGE_LABEL_PX + LABEL_MARGIN_PX),
    'text-background-padding': `${px(1)}px`,
  };
  const byKind = Object.entries(KIND_LOOK).map(([kind, look]) => ({
    selector: `node[kind = "${kind}"]`,
    style: { shape: look.shape as cytoscape.Css.NodeShape, 'background-color': look.color },
  }));
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        width: 34,
        height: 34,
        'font-size': px(NODE_LABEL_PX + LABEL_MARGIN_PX),
        'font-family': 'system-ui, sans-serif',
        color: '#1b1b1b',
        'text-valign': 'bottom',
        'text-margin-y': px(3),
        'text-wrap': 'wrap',
        'text-max-width': `${px(NODE_LABEL_WIDTH_PX)}px`,
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': `${px(1)}px`,
        'border-width': 2,
        'border-color': '#ffffff',
      },
    },
    ...byKind,
    { selector: 'node.start', style: { width: 48, height: 48, 'font-weight': 'bold', 'font-size': px(START_LABEL_PX + LABEL_MARGIN_PX) } },
    { selector: 'node:selected, node.hovered', style: { label: 'data(name)', 'z-index': 2 } },
    { selector: 'node:selected', style: { 'border-width': 5, 'border-color': '#111111', 'underlay-color': '#ffd400', 'underlay-opacity': 0.6, 'underlay-padding': 6 } },
    {
      selector: 'edge',
      style: {
        width: 1.5,
        'line-color': '#8a8a8a',
        'target-arrow-color': '#8a8a8a',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.9,
        'curve-style': 'bezier',
        color: '#444444',
        'text-rotation': 'autorotate',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        ...(scale === 1 ? edgeLabel : {}),
      },
    },
    {
      // The relations of what is selected or hovered: labelled at any zoom.
      selector: 'edge.emphasis',
      style: {
        ...edgeLabel,
        'text-background-opacity': 0.95,
        color: '#1b1b1b',
        'line-color': '#5a5a5a',
        'target-arrow-color': '#5a5a5a',
        width: 2,
        'z-index': 1,
      },
    },
    { selector: 'edge:selected', style: { width: 4, 'line-color': '#111111', 'target-arrow-color': '#111111', color: '#111111' } },
  ];
}

export class GraphDrawing {
  readonly cy: Core;
  private startId: string | null = null;

  /** The zoom the labels are sized for (at most 1). */
  private labelScale = 1;
  /** True while the view is the fitted one: a resize fits it again; a zoom or pan by the reader ends it. */
  private autoFit = true;
  private hovered: cytoscape.Collection;
  private scaleQueued = false;

  constructor(container: HTMLElement, events: GraphEvents) {
    this.cy = cytoscape({
      container,
      style: stylesheet(this.labelScale),
      minZoom: 0.2,
      maxZoom: 3,
      wheelSensitivity: 0.3,
      selectionType: 'single',
      boxSelectionEnabled: false,
    });
    this.hovered = this.cy.collection();
    this.cy.on('tap', 'node', (event) => events.onEntityTap(entityOf(event.target as NodeSingular)));
    this.cy.on('tap', 'edge', (event) => events.onRelationTap((event.target as cytoscape.EdgeSingular).id()));
    // Labels follow the zoom, once per frame however many zoom events arrive.
    this.cy.on('zoom', () => {
      if (this.scaleQueued) return;
      this.scaleQueued = true;
      requestAnimationFrame(() => {
        this.scaleQueued = false;
        this.scaleLabels();
      });
    });
    this.cy.on('scrollzoom pinchzoom dragpan', () => (this.autoFit = false));
    this.cy.on('resize', () => {
      if (this.autoFit) this.fit();
    });
    this.cy.on('select unselect', () => this.emphasise());
    this.cy.on('mouseover', 'node, edge', (event) => {
      this.hovered.removeClass('hovered');
      this.hovered = (event.target as cytoscape.Collection).addClass('hovered');
      this.emphasise();
    });
    this.cy.on('mouseout', 'node, edge', () => {
      this.hovered.removeClass('hovered');
      this.hovered = this.cy.collection();
      this.emphasise();
    });
  }

  /** Sizes the labels for the current zoom; says whether they changed. */
  private scaleLabels(): boolean {
    const scale = Math.min(1, this.cy.zoom());
    if (Math.abs(scale - this.labelScale) / this.labelScale < 0.002) return false;
    this.labelScale = scale;
    this.cy.style(stylesheet(scale));
    return true;
  }

  /** Labels the relations of the selected and the hovered elements. */
  private emphasise(): void {
    const focus = this.cy.elements(':selected').union(this.hovered);
    const edges = focus.nodes().connectedEdges().union(focus.edges());
    this.cy.edges('.emphasis').difference(edges).removeClass('emphasis');
    edges.addClass('emphasis');
  }

  clear(): void {
    this.cy.elements().remove();
    this.startId = null;
  }

  setStart(entity: EntityRef): void {
    this.startId = entity.id;
    this.cy.nodes().removeClass('start');
    this.cy.getElementById(entity.id).addClass('start');
  }

  has(id: string): boolean {
    return this.cy.getElementById(id).nonempty();
  }

  /** Adds what is not drawn yet; returns how many nodes were new. */
  add(entities: EntityRef[], edges: DrawnEdge[]): number {
    const fresh: ElementDefinition[] = [];
    let newNodes = 0;
    for (const entity of entities) {
      if (this.has(entity.id)) continue;
      newNodes += 1;
      fresh.push({ group: 'nodes', data: { ...entity, label: shortLabel(entity.name) } });
    }
    const known = new Set(entities.map((e) => e.id));
    for (const edge of edges) {
      if (this.has(edge.id)) continue;
      if (!(known.has(edge.source) || this.has(edge.source)) || !(known.has(edge.target) || this.has(edge.target))) continue;
      fresh.push({
        group: 'edges',
        data: { id: edge.id, source: edge.source, target: edge.target, predicate: edge.predicate, label: predicatePhrase(edge.predicate, 'OUTGOING') },
      });
    }
    this.cy.add(fresh);
    if (this.startId) this.cy.getElementById(this.startId).addClass('start');
    return newNodes;
  }

  /** Rings around the start entity: its neighbours on the first ring, theirs beyond them. */
  layout(): Promise<void> {
    const start = this.startId ?? this.cy.nodes().first().id();
    // Siblings of one kind sit together, in alphabetical order.
    const nodes = this.cy
      .nodes()
      .map(entityOf)
      .sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || a.name.localeCompare(b.name))
      .map((e) => e.id);
    const edges = this.cy.edges().map((edge) => ({ source: edge.source().id(), target: edge.target().id() }));
    // Room for each name where it sits on its ring, sized as on the screen at
    // zoom 1: where the fitted zoom is smaller, names crowd each other less
    // than with the same room for all.
    const boxes = this.labelBoxes();
    const room = (id: string, angle: number) => {
      const box = boxes.get(id)!;
      return box.width * Math.abs(Math.sin(angle)) + box.height * Math.abs(Math.cos(angle)) + LABEL_GAP_PX;
    };
    const positions = radialLayout(start, nodes, edges, { ringGap: RING_GAP, room });
    const layout = this.cy.layout({
      name: 'preset',
      positions: Object.fromEntries(positions),
      animate: !reducedMotion(),
      animationDuration: 300,
      fit: true,
      padding: FIT_PADDING_PX,
    });
    const done = new Promise<void>((resolve) => layout.one('layoutstop', () => resolve()));
    layout.run();
    // The layout fitted the drawing with its labels as they were; size them for the new zoom and fit again.
    return done.then(() => this.fit());
  }

  /** Each node's label as drawn: as wide as its text (up to the wrapping width) and as tall as its lines, in screen pixels. */
  private labelBoxes(): Map<string, { width: number; height: number }> {
    const context = document.createElement('canvas').getContext('2d');
    if (context) context.font = `${NODE_LABEL_PX}px system-ui, sans-serif`;
    const boxes = new Map<string, { width: number; height: number }>();
    for (const node of this.cy.nodes()) {
      const label = String(node.data('label') ?? '');
      const text = context ? context.measureText(label).width : label.length * 0.55 * NODE_LABEL_PX;
      // Wrapping at word boundaries may take a line more than the width alone says.
      const lines = Math.ceil(text / NODE_LABEL_WIDTH_PX) + (text > NODE_LABEL_WIDTH_PX ? 1 : 0);
      boxes.set(node.id(), { width: Math.min(text, NODE_LABEL_WIDTH_PX), height: NODE_ROOM_PX + lines * LABEL_LINE_PX });
    }
    return boxes;
  }

  select(id: string): void {
    this.cy.elements(':selected').unselect();
    const element = this.cy.getElementById(id);
    element.select();
    if (element.nonempty() && !this.isVisible(element)) {
      this.autoFit = false;
      this.cy.animate({ center: { eles: element } }, { duration: reducedMotion() ? 0 : 250 });
    }
  }

  /** Shows the whole drawing, names included, in its box. */
  fit(): void {
    this.autoFit = true;
    const nodes = this.cy.nodes();
    if (nodes.empty()) return;
    // Labels are sized for the zoom and the zoom for the labels: a few rounds settle both.
    for (let round = 0; round < 6; round++) {
      this.cy.fit(nodes, FIT_PADDING_PX);
      if (this.cy.zoom() > FIT_MAX_ZOOM) {
        this.cy.zoom(FIT_MAX_ZOOM);
        this.cy.center(nodes);
      }
      if (!this.scaleLabels()) break;
    }
  }

  zoomBy(factor: number): void {
    this.autoFit = false;
    const level = this.cy.zoom() * factor;
    this.cy.zoom({ level, renderedPosition: { x: this.cy.width() / 2, y: this.cy.height() / 2 } });
  }

  entities(): EntityRef[] {
    return this.cy.nodes().map(entityOf).sort((a, b) => a.name.localeCompare(b.name));
  }

  edges(): Array<DrawnEdge & { sourceName: string; targetName: string }> {
    return this.cy.edges().map((edge) => ({
      id: edge.id(),
      source: edge.source().id(),
      target: edge.target().id(),
      predicate: edge.data('predicate') as PredicateName,
      sourceName: edge.source().data('name') as string,
      targetName: edge.target().data('name') as string,
    }));
  }

  private isVisible(element: cytoscape.CollectionReturnValue): boolean {
    const box = element.renderedBoundingBox({});
    return box.x1 >= 0 && box.y1 >= 0 && box.x2 <= this.cy.width() && box.y2 <= this.cy.height();
  }
}

/** A long name cut at a word boundary, for the drawing: "Beijing-Tianjin-Hebei industrial and…". */
export function shortLabel(name: string, max = NODE_LABEL_CHARS): string {
  if (name.length <= max) return name;
  // A space just after the limit still ends a whole word.
  const lastSpace = name.slice(0, max + 1).lastIndexOf(' ');
  const cut = name.slice(0, max);
  return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:-]+$/, '')}…`;
}

function entityOf(node: NodeSingular): EntityRef {
  const data = node.data() as EntityRef;
  return { id: data.id, slug: data.slug, name: data.name, kind: data.kind as KindName };
}
