/**
 * The page's fixed parts: the header (what to talk to, a new chat, settings), the side panel
 * (approvals waiting, sessions, memories), the conversation with the workflow graph and the
 * session's state above it, and the message box. DOM order is focus order.
 */
import { h } from './dom.js';

/** References to the parts the controller fills. */
export interface Layout {
  target: HTMLSelectElement;
  newChat: HTMLButtonElement;
  userId: HTMLInputElement;
  apiKey: HTMLInputElement;
  settings: HTMLDetailsElement;
  settingsForm: HTMLFormElement;
  approvals: HTMLElement;
  sessions: HTMLElement;
  memories: HTMLElement;
  session: HTMLElement;
  graph: HTMLElement;
  transcript: HTMLElement;
  form: HTMLFormElement;
  input: HTMLTextAreaElement;
  send: HTMLButtonElement;
  status: HTMLElement;
}

/** Builds the page in `root`. */
export function buildLayout(root: HTMLElement): Layout {
  const target = h('select', { id: 'target' }) as HTMLSelectElement;
  const newChat = h('button', { type: 'button', id: 'new-chat' }, 'New chat') as HTMLButtonElement;
  const userId = h('input', { id: 'user-id', autocomplete: 'off', spellcheck: 'false' }) as HTMLInputElement;
  const apiKey = h('input', { id: 'api-key', type: 'password', autocomplete: 'off' }) as HTMLInputElement;
  const settingsForm = h(
    'form',
    { class: 'settings-form' },
    h('label', { for: 'user-id' }, 'User id'),
    userId,
    h('label', { for: 'api-key' }, 'API key (servers with auth; kept in this tab)'),
    apiKey,
    h('button', { type: 'submit' }, 'Save'),
  ) as HTMLFormElement;
  const settings = h(
    'details',
    { class: 'settings' },
    h('summary', {}, 'Settings'),
    settingsForm,
  ) as HTMLDetailsElement;
  const section = (id: string, title: string) =>
    h(
      'section',
      { class: 'side-section', 'aria-labelledby': `${id}-title` },
      h('h2', { id: `${id}-title` }, title),
      h('div', { id }),
    );
  const approvalsSection = section('approvals', 'Waiting for approval');
  const sessionsSection = section('sessions', 'Sessions');
  const memoriesSection = section('memories', 'Memories');
  const input = h('textarea', {
    id: 'composer-input',
    rows: '3',
    placeholder: 'Message (Enter to send, Shift+Enter for a new line)',
  }) as HTMLTextAreaElement;
  const send = h('button', { type: 'submit', id: 'send' }, 'Send') as HTMLButtonElement;
  const form = h(
    'form',
    { class: 'composer', 'aria-label': 'Send a message' },
    h('label', { for: 'composer-input', class: 'visually-hidden' }, 'Message'),
    input,
    send,
  ) as HTMLFormElement;
  const status = h('p', { id: 'status', role: 'status', 'aria-live': 'polite' });
  const session = h('section', { id: 'session', 'aria-label': 'Session' });
  const graph = h('section', { id: 'graph', 'aria-label': 'Workflow graph' });
  const transcript = h('ol', { id: 'transcript', 'aria-label': 'Conversation' });

  root.replaceChildren(
    h(
      'header',
      { class: 'top' },
      h('h1', {}, 'agno playground'),
      h('p', { class: 'pick' }, h('label', { for: 'target' }, 'Talk to '), target),
      newChat,
      settings,
    ),
    h(
      'div',
      { class: 'layout' },
      h(
        'aside',
        { class: 'side', 'aria-label': 'Approvals, sessions and memories' },
        approvalsSection,
        sessionsSection,
        memoriesSection,
      ),
      h('main', { class: 'main' }, graph, session, transcript, form, status),
    ),
  );
  const part = (id: string) => root.querySelector(`#${id}`) as HTMLElement;
  return {
    target,
    newChat,
    userId,
    apiKey,
    settings,
    settingsForm,
    approvals: part('approvals'),
    sessions: part('sessions'),
    memories: part('memories'),
    session,
    graph,
    transcript,
    form,
    input,
    send,
    status,
  };
}
