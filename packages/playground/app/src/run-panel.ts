/**
 * One run in the conversation: the input, then what happened in order — reasoning (collapsed),
 * text, tool calls with arguments, results, errors and durations, member and step labels — the
 * approvals it waits for, its error with the code, and its footer (timeline, re-run, copy as JSON).
 * Rendered again at most once per frame while it streams, keeping focus and what was opened.
 */
import type { PriceTable } from '../../src/prices.js';
import { button, type Child, h, pretty } from './dom.js';
import type { Item, RunView, Source } from './run-view.js';
import { formatCost, formatMs, timelineOf } from './timeline.js';
import { timelineView } from './timeline-view.js';

/** What the buttons of a run do. */
export interface PanelActions {
  decide(view: RunView, toolCallId: string, approved: boolean): void;
  rerun(view: RunView): void;
  copy(view: RunView): void;
}

function who(source: Source | undefined): Child {
  if (source === undefined) return null;
  return h(
    'p',
    { class: 'who' },
    source.agent,
    source.path ? h('span', { class: 'path' }, ` · ${source.path}`) : null,
  );
}

const TOOL_STATUS = { running: 'running…', done: 'done', error: 'failed' } as const;

/** The DOM of one run, kept in step with its {@link RunView}. */
export class RunPanel {
  readonly el: HTMLElement;
  private frame = 0;
  private readonly open = new Set<string>();

  constructor(
    readonly view: RunView,
    private readonly actions: PanelActions,
    private readonly prices: PriceTable | undefined,
  ) {
    this.el = h('li', { class: 'turn', 'data-run-key': view.key });
    this.render();
  }

  /** Renders on the next frame (many events in one frame cost one render). */
  schedule(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Renders now. */
  render(): void {
    const focused = (document.activeElement as HTMLElement | null)?.closest('[data-focus]');
    const focusKey =
      focused !== null && focused !== undefined && this.el.contains(focused)
        ? focused.getAttribute('data-focus')
        : null;
    const v = this.view;
    this.el.dataset.status = v.status;
    if (v.runId !== undefined) this.el.dataset.runId = v.runId;
    const approvals = this.approvals();
    this.el.replaceChildren(this.input(), this.answer(), ...(approvals ? [approvals] : []), this.footer());
    if (focusKey !== null)
      (this.el.querySelector(`[data-focus="${focusKey}"]`) as HTMLElement | null)?.focus();
  }

  private input(): HTMLElement {
    const v = this.view;
    const target = h('span', { class: 'target' }, `${v.target.kind} ${v.target.name}`);
    if (v.input === undefined)
      return h(
        'div',
        { class: 'you' },
        h('p', { class: 'label' }, 'Paused run ', target),
        h('p', {}, `run ${v.runId ?? ''}`),
      );
    return h(
      'div',
      { class: 'you' },
      h('p', { class: 'label' }, 'You → ', target),
      h('div', { class: 'input' }, pretty(v.input)),
    );
  }

  private details(key: string, summary: string, body: Child, cls: string): HTMLElement {
    const el = h(
      'details',
      { class: cls },
      h('summary', { 'data-focus': key }, summary),
      body,
    ) as HTMLDetailsElement;
    el.open = this.open.has(key);
    el.addEventListener('toggle', () => (el.open ? this.open.add(key) : this.open.delete(key)));
    return el;
  }

  private item(item: Item, i: number): Child[] {
    if (item.type === 'note') {
      return [
        h(
          'p',
          { class: `note${item.code ? ' failed' : ''}` },
          who(item.source),
          item.code ? h('code', {}, item.code) : null,
          ` ${item.text}`,
        ),
      ];
    }
    if (item.type === 'text') {
      return [
        h(
          'div',
          { class: 'said' },
          who(item.source),
          item.reasoning !== ''
            ? this.details(
                `reasoning-${i}`,
                'Reasoning',
                h('div', { class: 'reasoning-text' }, item.reasoning),
                'reasoning',
              )
            : null,
          item.text !== '' ? h('div', { class: 'text' }, item.text) : null,
        ),
      ];
    }
    const status =
      item.status === 'error'
        ? `failed${item.errorCode ? ` (${item.errorCode})` : ''}`
        : `${TOOL_STATUS[item.status]}${item.durationMs === undefined ? '' : ` in ${formatMs(item.durationMs)}`}`;
    return [
      h(
        'div',
        { class: `tool ${item.status}`, 'data-tool': item.name },
        who(item.source),
        h(
          'p',
          { class: 'tool-head' },
          h('span', { class: 'tool-name' }, `tool ${item.name}`),
          h('span', { class: 'tool-status' }, status),
        ),
        h('pre', { class: 'args', 'aria-label': 'arguments' }, pretty(item.args)),
        item.progress ? h('p', { class: 'progress' }, item.progress) : null,
        item.result !== undefined ? h('pre', { class: 'result', 'aria-label': 'result' }, item.result) : null,
      ),
    ];
  }

  private answer(): HTMLElement {
    const v = this.view;
    const out = h('div', {
      class: 'answer',
      'aria-live': 'polite',
      'aria-busy': String(v.status === 'running'),
    });
    v.items.forEach((item, i) => {
      for (const child of this.item(item, i)) if (child) out.append(child);
    });
    if (v.output !== undefined && !v.items.some((i) => i.type === 'text' && i.source === undefined)) {
      out.append(h('pre', { class: 'output', 'aria-label': 'output' }, pretty(v.output)));
    }
    if (v.error !== undefined) {
      out.append(
        h(
          'p',
          { class: 'error', role: 'alert' },
          h('code', { class: 'code' }, v.error.code),
          ` ${v.error.message}`,
        ),
      );
    }
    return out;
  }

  private approvals(): HTMLElement | null {
    const v = this.view;
    if (v.status !== 'paused' || v.pending.length === 0) return null;
    const box = h('div', { class: 'approvals' });
    for (const call of v.pending) {
      const decided = v.decided[call.toolCallId];
      const id = call.toolCallId;
      box.append(
        h(
          'div',
          { class: 'approval', role: 'group', 'aria-label': `Approve ${call.toolName}` },
          h('p', {}, 'Waiting for approval: ', h('strong', {}, call.toolName)),
          h('pre', { class: 'args' }, pretty(call.args)),
          decided === undefined
            ? h(
                'p',
                { class: 'buttons' },
                button('Approve', () => this.actions.decide(v, id, true), {
                  class: 'approve',
                  'data-focus': `approve-${id}`,
                }),
                button('Reject', () => this.actions.decide(v, id, false), {
                  class: 'reject',
                  'data-focus': `reject-${id}`,
                }),
              )
            : h('p', { class: 'decided' }, decided ? 'approved' : 'rejected'),
        ),
      );
    }
    return box;
  }

  private footer(): HTMLElement {
    const v = this.view;
    const t = timelineOf(v, this.prices);
    const facts = [
      v.status,
      t.totalMs === undefined ? '' : formatMs(t.totalMs),
      t.usage === undefined ? '' : `${t.usage.totalTokens} tokens`,
      formatCost(t.cost),
    ].filter(Boolean);
    return h(
      'div',
      { class: 'run-footer' },
      h('p', { class: 'facts' }, facts.join(' · ')),
      this.details('timeline', 'Timeline', timelineView(t), 'timeline'),
      h(
        'p',
        { class: 'buttons' },
        v.input !== undefined && v.status !== 'running'
          ? button('Re-run', () => this.actions.rerun(v), { 'data-focus': 'rerun' })
          : null,
        button('Copy JSON', () => this.actions.copy(v), { 'data-focus': 'copy' }),
      ),
    );
  }
}
