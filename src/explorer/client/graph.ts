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

function stylesheet(): cytoscape.StylesheetJson {
  const byKind = Object.entries(KIND_LOOK).map(([kind, look]) => ({
    selector: `node[kind = "${kind}"]`,
    style: { shape: look.shape as cytoscape.Css.NodeShape, 'background-color': look.color },
  }));
  return [
    {
      selector: 'node',
      style: {
        label: 'data(name)',
        width: 34,
        height: 34,
        'font-size': 11,
        'font-family': 'system-ui, sans-serif',
        color: '#1b1b1b',
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-wrap': 'wrap',
        'text-max-width': '120px',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': '1px',
        'border-width': 2,
        'border-color': '#ffffff',
      },
    },
    ...byKind,
    { selector: 'node.start', style: { width: 48, height: 48, 'font-weight': 'bold', 'font-size': 13 } },
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
        label: 'data(label)',
        'font-size': 9,
        color: '#444444',
        'text-rotation': 'autorotate',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': '1px',
      },
    },
    { selector: 'edge:selected', style: { width: 4, 'line-color': '#111111', 'target-arrow-color': '#111111', color: '#111111' } },
  ];
}

export class GraphDrawing {
  readonly cy: Core;
  private startId: string | null = null;

  constructor(container: HTMLElement, events: GraphEvents) {
    this.cy = cytoscape({
      container,
      style: stylesheet(),
      minZoom: 0.2,
      maxZoom: 3,
      wheelSensitivity: 0.3,
      selectionType: 'single',
      boxSelectionEnabled: false,
    });
    this.cy.on('tap', 'node', (event) => events.onEntityTap(entityOf(event.target as NodeSingular)));
    this.cy.on('tap', 'edge', (event) => events.onRelationTap((event.target as cytoscape.EdgeSingular).id()));
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
      fresh.push({ group: 'nodes', data: { ...entity } });
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
    const positions = radialLayout(start, nodes, edges, { spacing: 110 });
    const layout = this.cy.layout({
      name: 'preset',
      positions: Object.fromEntries(positions),
      animate: !reducedMotion(),
      animationDuration: 300,
      fit: true,
      padding: 30,
    });
    const done = new Promise<void>((resolve) => layout.one('layoutstop', () => resolve()));
    layout.run();
    return done;
  }

  select(id: string): void {
    this.cy.elements(':selected').unselect();
    const element = this.cy.getElementById(id);
    element.select();
    if (element.nonempty() && !this.isVisible(element)) {
      this.cy.animate({ center: { eles: element } }, { duration: reducedMotion() ? 0 : 250 });
    }
  }

  fit(): void {
    this.cy.fit(undefined, 40);
  }

  zoomBy(factor: number): void {
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

function entityOf(node: NodeSingular): EntityRef {
  const data = node.data() as EntityRef;
  return { id: data.id, slug: data.slug, name: data.name, kind: data.kind as KindName };
}
