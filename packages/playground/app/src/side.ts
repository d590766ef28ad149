/** The side panel's lists: runs waiting for approval, the user's sessions, their memories. */
import type { MemoryInfo, PausedRunInfo, SessionInfo } from '@agno/server/client';
import { button, h } from './dom.js';

/** What the side panel's buttons do. */
export interface SideActions {
  openSession(sessionId: string): void;
  deleteSession(sessionId: string): void;
  deleteMemory(memoryId: string): void;
}

function empty(text: string): HTMLElement {
  return h('p', { class: 'empty' }, text);
}

/** Runs waiting for a decision: each opens its session, where it is approved. */
export function approvalsList(paused: PausedRunInfo[], actions: SideActions): HTMLElement {
  if (paused.length === 0) return empty('Nothing is waiting.');
  const list = h('ul', { class: 'list' });
  for (const p of paused) {
    const tools = p.pending.map((c) => c.toolName).join(', ');
    list.append(
      h(
        'li',
        { 'data-run-id': p.runId },
        p.sessionId === undefined
          ? h('span', {}, `${p.agent}: ${tools}`)
          : button(`${p.agent}: ${tools}`, () => actions.openSession(p.sessionId!), {
              'aria-label': `Open session ${p.sessionId} to approve ${tools}`,
            }),
      ),
    );
  }
  return list;
}

/** The user's sessions, each to open or delete (deleting asks once more). */
export function sessionsList(
  sessions: SessionInfo[],
  current: string | undefined,
  actions: SideActions,
): HTMLElement {
  if (sessions.length === 0) return empty('No sessions yet.');
  const list = h('ul', { class: 'list' });
  for (const s of sessions) {
    const label = s.name ?? s.sessionId;
    const runs = typeof s.runCount === 'number' ? ` · ${s.runCount} run${s.runCount === 1 ? '' : 's'}` : '';
    const open = button(
      h('span', {}, label, h('span', { class: 'meta' }, `${s.agentName ?? ''}${runs}`)),
      () => actions.openSession(s.sessionId),
      {
        class: 'open-session',
        'data-session-id': s.sessionId,
      },
    );
    if (s.sessionId === current) open.setAttribute('aria-current', 'true');
    let armed = false;
    const remove = button(
      'Delete',
      () => {
        if (!armed) {
          armed = true;
          remove.textContent = 'Delete for good?';
          return;
        }
        actions.deleteSession(s.sessionId);
      },
      { class: 'delete', 'aria-label': `Delete session ${label}` },
    );
    remove.addEventListener('blur', () => {
      armed = false;
      remove.textContent = 'Delete';
    });
    list.append(h('li', { class: 'session' }, open, remove));
  }
  return list;
}

/** The user's memories, each with a delete button. */
export function memoriesList(memories: MemoryInfo[], actions: SideActions): HTMLElement {
  if (memories.length === 0) return empty('No memories.');
  const list = h('ul', { class: 'list' });
  for (const m of memories) {
    const text = typeof m.memory === 'string' ? m.memory : JSON.stringify(m);
    list.append(
      h(
        'li',
        { class: 'memory' },
        h('span', {}, text),
        button('Delete', () => actions.deleteMemory(m.memoryId), {
          class: 'delete',
          'aria-label': `Delete memory: ${text}`,
        }),
      ),
    );
  }
  return list;
}
