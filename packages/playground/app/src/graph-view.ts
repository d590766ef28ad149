/** Draws a laid-out workflow graph as SVG, each step's box showing its status (in words too, not only colour). */
import type { FlowGraph } from '@agno/server/client';
import { h, svg } from './dom.js';
import { BOX, layoutGraph } from './graph-layout.js';
import type { StepState } from './run-view.js';

/** The graph of `graph` with the statuses of `steps` (by folded path). */
export function graphView(graph: FlowGraph, steps: Record<string, StepState>): HTMLElement {
  const layout = layoutGraph(graph.steps);
  const at = new Map(layout.boxes.map((b) => [b.path, b]));
  const title = `${graph.kind === 'team' ? 'Team' : 'Workflow'} ${graph.name}: ${layout.boxes.length} steps`;
  const drawing = svg('svg', {
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    width: layout.width,
    role: 'img',
    'aria-label': title,
    class: 'graph',
  });
  drawing.append(
    svg(
      'defs',
      {},
      svg(
        'marker',
        {
          id: 'arrow',
          viewBox: '0 0 8 8',
          refX: 8,
          refY: 4,
          markerWidth: 7,
          markerHeight: 7,
          orient: 'auto',
        },
        svg('path', { d: 'M0,0 L8,4 L0,8 z', class: 'arrowhead' }),
      ),
    ),
  );
  for (const edge of layout.edges) {
    const a = at.get(edge.from);
    const b = at.get(edge.to);
    if (a === undefined || b === undefined) continue;
    const x1 = a.x + BOX.width / 2;
    const x2 = b.x + BOX.width / 2;
    if (edge.back) {
      const right = Math.max(a.x, b.x) + BOX.width + 6;
      drawing.append(
        svg('path', {
          d: `M${a.x + BOX.width},${a.y + BOX.height / 2} C${right + 20},${a.y} ${right + 20},${b.y + BOX.height} ${b.x + BOX.width},${b.y + BOX.height / 2}`,
          class: 'edge back',
          'marker-end': 'url(#arrow)',
        }),
      );
    } else {
      const y1 = a.y + BOX.height;
      const y2 = b.y;
      const mid = (y1 + y2) / 2;
      drawing.append(
        svg('path', {
          d: `M${x1},${y1} C${x1},${mid} ${x2},${mid} ${x2},${y2}`,
          class: 'edge',
          'marker-end': 'url(#arrow)',
        }),
      );
    }
  }
  const list = h('ul', { class: 'visually-hidden' });
  for (const box of layout.boxes) {
    const status = steps[box.path]?.status ?? 'pending';
    const label = `${box.branch === undefined ? '' : `${box.branch}: `}${box.name}`;
    const group = svg(
      'g',
      { class: `step ${status}`, 'data-path': box.path, 'data-status': status },
      svg(
        'title',
        {},
        `${box.path} (${box.kind}): ${status}${box.description ? ` — ${box.description}` : ''}`,
      ),
      svg('rect', { x: box.x, y: box.y, width: BOX.width, height: BOX.height, rx: 6 }),
      svg(
        'text',
        { x: box.x + 8, y: box.y + 18, class: 'name' },
        label.length > 20 ? `${label.slice(0, 19)}…` : label,
      ),
      svg('text', { x: box.x + 8, y: box.y + 34, class: 'kind' }, `${box.kind} · ${status}`),
    );
    drawing.append(group);
    list.append(h('li', {}, `${box.path}: ${status}`));
  }
  return h('figure', { class: 'graph-figure' }, drawing, list, h('figcaption', {}, title));
}
