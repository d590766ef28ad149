/** The layered layout of a workflow graph: groups fan out and join, DAGs follow dependencies, loops loop back. */
import type { FlowGraphNode } from '@agno/server/client';
import { describe, expect, it } from 'vitest';
import { BOX, layoutGraph } from './graph-layout.js';

const leaf = (path: string, extra: Partial<FlowGraphNode> = {}): FlowGraphNode => ({
  name: path.split('/').at(-1)!,
  kind: 'function',
  path,
  ...extra,
});

describe('layoutGraph', () => {
  it('puts parallel children side by side and joins them into the next step', () => {
    const layout = layoutGraph([
      leaf('a'),
      { name: 'p', kind: 'parallel', path: 'p', children: [leaf('p/x'), leaf('p/y')] },
      leaf('b'),
    ]);
    const at = Object.fromEntries(layout.boxes.map((b) => [b.path, [b.layer, b.index]]));
    expect(at).toEqual({ a: [0, 0], p: [1, 0], 'p/x': [2, 0], 'p/y': [2, 1], b: [3, 0] });
    expect(layout.edges).toEqual([
      { from: 'a', to: 'p' },
      { from: 'p', to: 'p/x' },
      { from: 'p', to: 'p/y' },
      { from: 'p/x', to: 'b' },
      { from: 'p/y', to: 'b' },
    ]);
    expect(layout.width).toBe(BOX.pad * 2 + 2 * BOX.width + BOX.gapX);
    const [x, y] = [layout.boxes.find((b) => b.path === 'p/x')!, layout.boxes.find((b) => b.path === 'p/y')!];
    expect(y.x - x.x).toBe(BOX.width + BOX.gapX);
  });

  it('lays a DAG out by its dependencies and a loop with its way back', () => {
    const layout = layoutGraph([
      {
        name: 'd',
        kind: 'dag',
        path: 'd',
        children: [leaf('d/s'), leaf('d/f'), leaf('d/sign', { after: ['s', 'f'] })],
      },
      { name: 'l', kind: 'loop', path: 'l', children: [leaf('l/edit'), leaf('l/check')] },
    ]);
    const layer = Object.fromEntries(layout.boxes.map((b) => [b.path, b.layer]));
    expect(layer).toEqual({ d: 0, 'd/s': 1, 'd/f': 1, 'd/sign': 2, l: 3, 'l/edit': 4, 'l/check': 5 });
    expect(layout.edges.filter((e) => e.to === 'l')).toEqual([{ from: 'd/sign', to: 'l' }]);
    expect(layout.edges.filter((e) => e.back)).toEqual([{ from: 'l/check', to: 'l/edit', back: true }]);
  });
});
