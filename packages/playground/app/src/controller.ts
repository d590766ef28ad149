/**
 * The page's behaviour: what it talks to, the session it is in, sending a message and reading the
 * run's stream, approving paused tool calls, re-running, copying, and the side panel's lists.
 * Everything goes through the server's typed client.
 */
import { type AgnoClient, createClient, type FlowGraph } from '@agno/server/client';
import { type PageSettings, readHash, saveSettings, writeHash } from './config.js';
import { h, pretty } from './dom.js';
import { graphView } from './graph-view.js';
import type { Layout } from './layout.js';
import { RunPanel } from './run-panel.js';
import { applyEvent, newRun, type RunView, type Target } from './run-view.js';
import { approvalsList, memoriesList, sessionsList } from './side.js';
import { pausedRunView, storedRunView } from './stored.js';

const keyOf = (t: Target) => `${t.kind}:${t.name}`;

function parseTarget(key: string): Target | undefined {
  const [kind, ...rest] = key.split(':');
  if (kind !== 'agent' && kind !== 'team' && kind !== 'workflow') return undefined;
  return { kind, name: rest.join(':') };
}

/** What a workflow or team gets from the message box: JSON when it parses as an object or array, else the text. */
function flowInput(text: string): unknown {
  if (/^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function describeError(error: unknown): { code: string; message: string } {
  const e = error as { code?: string; message?: string };
  return { code: typeof e?.code === 'string' ? e.code : 'error', message: e?.message ?? String(error) };
}

/** The playground's controller. */
export class Playground {
  private client: AgnoClient;
  private targets: Target[] = [];
  private target: Target | undefined;
  private sessionId: string | undefined;
  private panels: RunPanel[] = [];
  /** Runs of teams and workflows started on this page (they have no sessions). */
  private readonly flowRuns = new Map<string, RunView[]>();
  private graph: FlowGraph | undefined;

  constructor(
    private readonly ui: Layout,
    private readonly settings: PageSettings,
  ) {
    this.client = this.makeClient();
    ui.userId.value = settings.userId;
    ui.apiKey.value = settings.apiKey;
    ui.settingsForm.addEventListener('submit', (e) => {
      e.preventDefault();
      this.settings.userId = ui.userId.value.trim() || 'playground';
      this.settings.apiKey = ui.apiKey.value.trim();
      saveSettings(this.settings);
      this.client = this.makeClient();
      ui.settings.open = false;
      void this.start();
    });
    ui.target.addEventListener('change', () => void this.selectTarget(ui.target.value));
    ui.newChat.addEventListener('click', () => this.newChat());
    ui.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.send(ui.input.value);
    });
    ui.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        void this.send(ui.input.value);
      }
    });
  }

  private makeClient(): AgnoClient {
    const s = this.settings;
    return createClient({ baseUrl: s.apiBase, userId: s.userId, ...(s.apiKey ? { apiKey: s.apiKey } : {}) });
  }

  /** Says `text` in the status line (read out by screen readers). */
  private say(text: string): void {
    this.ui.status.textContent = text;
  }

  /** Loads the catalog and comes back to the target and session of the URL. */
  async start(): Promise<void> {
    try {
      const [agents, teams, workflows] = await Promise.all([
        this.client.list('agents'),
        this.client.list('teams'),
        this.client.list('workflows'),
      ]);
      this.targets = [
        ...agents.map((a) => ({ kind: 'agent' as const, name: a.name })),
        ...teams.map((a) => ({ kind: 'team' as const, name: a.name })),
        ...workflows.map((a) => ({ kind: 'workflow' as const, name: a.name })),
      ];
      const groups = { agent: 'Agents', team: 'Teams', workflow: 'Workflows' } as const;
      this.ui.target.replaceChildren(
        ...(['agent', 'team', 'workflow'] as const)
          .map((kind) => {
            const list = this.targets.filter((t) => t.kind === kind);
            if (list.length === 0) return null;
            const group = h('optgroup', { label: groups[kind] });
            for (const t of list) group.append(h('option', { value: keyOf(t) }, t.name));
            return group;
          })
          .filter((g): g is HTMLElement => g !== null),
      );
    } catch (error) {
      const e = describeError(error);
      if (e.code === 'auth_error') {
        this.ui.settings.open = true;
        this.say('This server needs credentials: enter an API key in Settings.');
      } else this.say(`Cannot reach the server: ${e.code}: ${e.message}`);
      document.body.dataset.state = 'error';
      return;
    }
    const hash = readHash();
    const wanted = hash.target === undefined ? undefined : this.targets.find((t) => keyOf(t) === hash.target);
    await this.selectTarget(keyOf(wanted ?? this.targets[0] ?? { kind: 'agent', name: '' }), hash.session);
    document.body.dataset.state = 'ready';
  }

  /** Switches to `key` (`agent:name`), in `sessionId` or a new chat. */
  async selectTarget(key: string, sessionId?: string): Promise<void> {
    this.target = parseTarget(key);
    this.ui.target.value = key;
    this.graph = undefined;
    this.ui.graph.replaceChildren();
    const t = this.target;
    if (t !== undefined && t.kind !== 'agent') {
      this.sessionId = undefined;
      this.ui.newChat.hidden = true;
      this.showRuns(this.flowRuns.get(key) ?? []);
      this.graph = await (t.kind === 'team' ? this.client.teams : this.client.workflows)
        .graph(t.name)
        .catch(() => undefined);
      this.drawGraph();
    } else {
      this.ui.newChat.hidden = false;
      if (sessionId !== undefined) await this.openSession(sessionId, false);
      else this.newChat();
    }
    writeHash(key, this.sessionId);
    await this.refreshSide();
  }

  /** Starts a new conversation with the current agent. */
  newChat(): void {
    this.sessionId = undefined;
    this.showRuns([]);
    this.ui.session.replaceChildren();
    if (this.target !== undefined) writeHash(keyOf(this.target), undefined);
    this.ui.input.focus();
  }

  private showRuns(runs: RunView[]): void {
    this.panels = runs.map((v) => new RunPanel(v, this, this.settings.prices));
    this.ui.transcript.replaceChildren(...this.panels.map((p) => p.el));
  }

  private addRun(view: RunView): RunPanel {
    const panel = new RunPanel(view, this, this.settings.prices);
    this.panels.push(panel);
    this.ui.transcript.append(panel.el);
    return panel;
  }

  /** Opens a stored session: its runs, the runs it has waiting, its state. */
  async openSession(sessionId: string, refresh = true): Promise<void> {
    try {
      const [info, runs, paused] = await Promise.all([
        this.client.sessions.get(sessionId),
        this.client.sessions.runs(sessionId),
        this.client.pausedRuns.list(),
      ]);
      const agent =
        info.agentName ?? runs[0]?.agentName ?? paused.find((p) => p.sessionId === sessionId)?.agent;
      if (typeof agent === 'string' && this.targets.some((t) => t.kind === 'agent' && t.name === agent)) {
        this.target = { kind: 'agent', name: agent };
        this.ui.target.value = keyOf(this.target);
        this.ui.newChat.hidden = false;
        this.ui.graph.replaceChildren();
      }
      this.sessionId = sessionId;
      const views = [
        ...runs.map(storedRunView),
        ...paused.filter((p) => p.sessionId === sessionId).map(pausedRunView),
      ].sort((a, b) => a.createdAt - b.createdAt);
      this.showRuns(views);
      await this.showSessionInfo();
      this.say(`Session ${sessionId}: ${views.length} run${views.length === 1 ? '' : 's'}.`);
    } catch (error) {
      const e = describeError(error);
      this.say(`Cannot open session ${sessionId}: ${e.code}: ${e.message}`);
      this.newChat();
    }
    if (this.target !== undefined) writeHash(keyOf(this.target), this.sessionId);
    if (refresh) await this.refreshSide();
  }

  private async showSessionInfo(): Promise<void> {
    const id = this.sessionId;
    if (id === undefined) return this.ui.session.replaceChildren();
    const state = await this.client.sessions.state(id).catch(() => undefined);
    const stateBody =
      state === undefined ? 'no state' : Object.keys(state.state).length === 0 ? '{}' : pretty(state.state);
    const details = h(
      'details',
      { class: 'state' },
      h('summary', {}, `State${state === undefined ? '' : ` (version ${state.version})`}`),
      h('pre', { id: 'session-state' }, stateBody),
    );
    this.ui.session.replaceChildren(h('p', { class: 'session-id' }, 'Session ', h('code', {}, id)), details);
  }

  /** Sends `text` to the current target. */
  async send(text: string): Promise<void> {
    const t = this.target;
    if (text.trim() === '' || t === undefined) return;
    this.ui.input.value = '';
    await this.start_(t, t.kind === 'agent' ? text : flowInput(text));
  }

  private async start_(t: Target, input: unknown): Promise<void> {
    if (t.kind === 'agent') {
      this.sessionId ??= `chat-${crypto.randomUUID().slice(0, 8)}`;
      writeHash(keyOf(t), this.sessionId);
    }
    const view = newRun(t, input, this.sessionId);
    if (t.kind !== 'agent') {
      const runs = this.flowRuns.get(keyOf(t)) ?? [];
      runs.push(view);
      this.flowRuns.set(keyOf(t), runs);
    }
    const panel = this.addRun(view);
    panel.el.scrollIntoView?.({ block: 'nearest' });
    await this.follow(view, panel, () => {
      if (t.kind === 'agent')
        return this.client.agents.stream(t.name, input as string, { sessionId: this.sessionId! });
      return (t.kind === 'team' ? this.client.teams : this.client.workflows).stream(t.name, input);
    });
  }

  /** Reads a run's stream into `view`, rendering as events arrive. */
  private async follow(
    view: RunView,
    panel: RunPanel,
    open: () => Promise<AsyncIterable<{ type: string }> & { readonly runId: string }>,
  ): Promise<void> {
    this.say('Running…');
    view.status = 'running';
    panel.render();
    try {
      const stream = await open();
      view.runId ??= stream.runId;
      for await (const event of stream) {
        applyEvent(view, event);
        panel.schedule();
        if (view.target.kind !== 'agent' && this.graph !== undefined && event.type.startsWith('step-'))
          this.drawGraph();
      }
    } catch (error) {
      view.status = 'error';
      view.error ??= describeError(error);
    }
    panel.render();
    if (view.target.kind !== 'agent') this.drawGraph();
    const status = view.status as RunView['status'];
    this.say(
      status === 'error'
        ? `The run failed: ${view.error?.code ?? 'error'}.`
        : status === 'paused'
          ? 'The run is waiting for your approval.'
          : 'The answer is complete.',
    );
    await this.refreshSide();
    if (view.sessionId !== undefined && view.sessionId === this.sessionId) await this.showSessionInfo();
  }

  private drawGraph(): void {
    if (this.graph === undefined || this.target === undefined) return;
    const runs = this.flowRuns.get(keyOf(this.target)) ?? [];
    this.ui.graph.replaceChildren(graphView(this.graph, runs.at(-1)?.steps ?? {}));
  }

  /** Records a decision on a pending call; once every pending call has one, continues the run. */
  decide(view: RunView, toolCallId: string, approved: boolean): void {
    view.decided[toolCallId] = approved;
    const panel = this.panels.find((p) => p.view === view);
    if (view.pending.some((p) => view.decided[p.toolCallId] === undefined)) {
      panel?.render();
      return;
    }
    const decisions = Object.fromEntries(
      view.pending.map((p) => [
        p.toolCallId,
        view.decided[p.toolCallId] ? { approved: true as const } : { approved: false as const },
      ]),
    );
    const runId = view.runId!;
    // A rejected call never runs, so no event tells of it: the page records it here.
    for (const p of view.pending) {
      if (view.decided[p.toolCallId]) continue;
      view.items.push({
        type: 'tool',
        source: undefined,
        id: p.toolCallId,
        name: p.toolName,
        args: p.args,
        status: 'error',
        errorCode: 'rejected',
        result: 'rejected by you',
      });
    }
    view.pending = [];
    view.decided = {};
    if (panel === undefined) return;
    // A continued run's events (its tools, the model's next turns) go on in the same place.
    void this.follow(view, panel, () =>
      this.client.agents.continueStream(view.target.name, runId, decisions),
    );
  }

  /** Runs a past input again. */
  rerun(view: RunView): void {
    const t = this.targets.find((x) => keyOf(x) === keyOf(view.target)) ?? this.target;
    if (t === undefined || view.input === undefined) return;
    void this.start_(t, view.input);
  }

  /** Copies a run as JSON to the clipboard. */
  copy(view: RunView): void {
    const { key: _key, origin: _origin, decided: _decided, ...run } = view;
    const text = JSON.stringify(run, null, 2);
    const done = () => this.say(`Copied run ${view.runId ?? ''} as JSON.`);
    navigator.clipboard?.writeText(text).then(done, () => this.say('The browser refused the clipboard.')) ??
      this.say('No clipboard here.');
  }

  /** Refreshes the side panel: approvals, sessions, memories. */
  async refreshSide(): Promise<void> {
    const failed = (what: string) => (error: unknown) => {
      const e = describeError(error);
      return h('p', { class: 'empty' }, `${what} unavailable (${e.code})`);
    };
    const [approvals, sessions, memories] = await Promise.all([
      this.client.pausedRuns.list().then((p) => approvalsList(p, this), failed('Paused runs')),
      this.client.sessions
        .list({ limit: 50 })
        .then((s) => sessionsList(s, this.sessionId, this), failed('Sessions')),
      this.client.memories.list().then((m) => memoriesList(m, this), failed('Memories')),
    ]);
    this.ui.approvals.replaceChildren(approvals);
    this.ui.sessions.replaceChildren(sessions);
    this.ui.memories.replaceChildren(memories);
  }

  /** Deletes a session (and leaves it when it is the current one). */
  deleteSession(sessionId: string): void {
    void this.client.sessions.delete(sessionId).then(
      async () => {
        if (sessionId === this.sessionId) this.newChat();
        this.say(`Deleted session ${sessionId}.`);
        await this.refreshSide();
      },
      (error: unknown) => this.say(`Cannot delete session ${sessionId}: ${describeError(error).code}`),
    );
  }

  /** Deletes a memory. */
  deleteMemory(memoryId: string): void {
    void this.client.memories.delete(memoryId).then(
      () => this.refreshSide(),
      (error: unknown) => this.say(`Cannot delete the memory: ${describeError(error).code}`),
    );
  }
}
