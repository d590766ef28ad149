/** Draws a run's timeline: one row per model call, tool call and step, with a bar for its duration. */
import { h } from './dom.js';
import { formatCost, formatMs, type Timeline } from './timeline.js';

/** The timeline's rows and totals. */
export function timelineView(t: Timeline): HTMLElement {
  const longest = t.rows.reduce((m, r) => Math.max(m, r.durationMs ?? 0), 0) || 1;
  const rows = h('ul', { class: 'rows' });
  for (const r of t.rows) {
    const bar = h('span', { class: 'bar' });
    if (r.durationMs !== undefined) bar.style.width = `${Math.max(2, (r.durationMs / longest) * 100)}%`;
    rows.append(
      h(
        'li',
        { class: `row row-${r.kind}` },
        h(
          'span',
          { class: 'what' },
          r.who ? `${r.who}: ` : '',
          r.label,
          r.code ? h('code', { class: 'code' }, ` ${r.code}`) : null,
        ),
        h('span', { class: 'track' }, bar),
        h(
          'span',
          { class: 'how' },
          [
            formatMs(r.durationMs),
            r.tokens ? `${r.tokens.input} in / ${r.tokens.output} out` : '',
            formatCost(r.cost),
          ]
            .filter(Boolean)
            .join(' · '),
        ),
      ),
    );
  }
  const totals = [
    `total ${formatMs(t.totalMs)}`,
    t.usage ? `${t.usage.inputTokens} input + ${t.usage.outputTokens} output tokens` : '',
    t.cost === undefined ? '' : `cost ${formatCost(t.cost)}`,
  ].filter(Boolean);
  return h('div', { class: 'timeline-body' }, rows, h('p', { class: 'totals' }, totals.join(' · ')));
}
