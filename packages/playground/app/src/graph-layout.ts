/**
 * A workflow's step tree (`FlowGraph` from the server) laid out in layers for an SVG drawing:
 * every step is a box; a group's box comes before its children (a sequence or loop chains them,
 * a parallel group, router or condition fans out to them, a DAG follows its dependencies), and
 * what follows a group waits for all its ends. Layers run top to bottom, by longest path.
 */
import type { FlowGraphNode } from '@agno/server/client';

/** A step's box. */
export interface Box {
  path: string;
  name: string;
  kind: string;
  description?: string;
  /** A condition's branch label. */
  branch?: string;
  layer: number;
  /** Position within its layer. */
  index: number;
  x: number;
  y: number;
}

/** An arrow from one box to another; `back` is a loop's return. */
export interface Edge {
  from: string;
  to: string;
  back?: boolean;
}

/** The laid-out graph. */
export interface GraphLayout {
  boxes: Box[];
  edges: Edge[];
  width: number;
  height: number;
}

/** Box size and gaps, in SVG units. */
export const BOX = { width: 150, height: 44, gapX: 20, gapY: 34, pad: 8 };

const CHAINS = new Set(['sequence', 'loop', 'workflow']);

/** Lays out `steps` (the graph's top-level steps, run in order). */
export function layoutGraph(steps: readonly FlowGraphNode[]): GraphLayout {
  const boxes = new Map<string, Box>();
  const edges: Edge[] = [];
  const link = (from: readonly string[], to: string) => {
    for (const f of from) edges.push({ from: f, to });
  };
  const add = (node: FlowGraphNode, preds: readonly string[]): string => {
    const box: Box = { path: node.path, name: node.name, kind: node.kind, layer: 0, index: 0, x: 0, y: 0 };
    if (node.description !== undefined) box.description = node.description;
    if (node.branch !== undefined) box.branch = node.branch;
    box.layer = preds.reduce((m, p) => Math.max(m, (boxes.get(p)?.layer ?? -1) + 1), 0);
    boxes.set(node.path, box);
    link(preds, node.path);
    return node.path;
  };
  /** Adds `node` after `preds`; returns the boxes that end it. */
  const build = (node: FlowGraphNode, preds: readonly string[]): string[] => {
    const own = add(node, preds);
    const children = node.children ?? [];
    if (children.length === 0) return [own];
    if (CHAINS.has(node.kind)) {
      let ends: string[] = [own];
      for (const child of children) ends = build(child, ends);
      if (node.kind === 'loop')
        for (const end of ends) edges.push({ from: end, to: children[0]!.path, back: true });
      return ends;
    }
    if (node.kind === 'dag') {
      const endsOf = new Map<string, string[]>();
      const waitedOn = new Set<string>();
      for (const child of children) {
        const after = child.after ?? [];
        for (const a of after) waitedOn.add(a);
        const from = after.length === 0 ? [own] : after.flatMap((a) => endsOf.get(a) ?? [own]);
        endsOf.set(child.name, build(child, from));
      }
      return children.filter((c) => !waitedOn.has(c.name)).flatMap((c) => endsOf.get(c.name)!);
    }
    return children.flatMap((child) => build(child, [own]));
  };
  let ends: string[] = [];
  for (const step of steps) ends = build(step, ends);

  const layers: Box[][] = [];
  for (const box of boxes.values()) {
    const row = (layers[box.layer] ??= []);
    box.index = row.length;
    row.push(box);
  }
  const widest = layers.reduce((m, row) => Math.max(m, row.length), 0);
  const width = BOX.pad * 2 + widest * BOX.width + Math.max(0, widest - 1) * BOX.gapX;
  for (const row of layers) {
    const rowWidth = row.length * BOX.width + (row.length - 1) * BOX.gapX;
    const left = (width - rowWidth) / 2;
    for (const box of row) {
      box.x = left + box.index * (BOX.width + BOX.gapX);
      box.y = BOX.pad + box.layer * (BOX.height + BOX.gapY);
    }
  }
  const height = BOX.pad * 2 + layers.length * BOX.height + Math.max(0, layers.length - 1) * BOX.gapY;
  return { boxes: [...boxes.values()], edges, width, height };
}
