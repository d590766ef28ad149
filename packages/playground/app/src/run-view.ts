/**
 * What the page shows of one run, built from its events as they arrive (`applyEvent`): text and
 * reasoning per source (the agent, or a team member or workflow step), tool calls with their
 * arguments, results, errors and durations, model calls, step statuses, the pending approvals,
 * the result or the error. Pure data: the views render it.
 */
import type { Usage } from '@agno/core';
import type {
  StreamEvent,
  WireAgentEvent,
  WireError,
  WirePendingCall,
  WireRunResult,
  WireWorkflowEvent,
} from '@agno/server/client';

/** What the server runs. */
export type TargetKind = 'agent' | 'team' | 'workflow';

/** One agent, team or workflow. */
export interface Target {
  kind: TargetKind;
  name: string;
}

/** Who said something in a run: undefined for the run's own agent, else a member and its step path. */
export interface Source {
  agent: string;
  path?: string;
}

/** Text (and the reasoning before it) from one source. */
export interface TextItem {
  type: 'text';
  source: Source | undefined;
  text: string;
  reasoning: string;
}

/** A tool call as it happens. */
export interface ToolItem {
  type: 'tool';
  source: Source | undefined;
  id: string;
  name: string;
  args: unknown;
  status: 'running' | 'done' | 'error';
  result?: string;
  errorCode?: string;
  durationMs?: number;
  progress?: string;
}

/** Something worth a line: a handoff, a fallback, a member's error, a gap in the events. */
export interface NoteItem {
  type: 'note';
  source: Source | undefined;
  text: string;
  code?: string;
}

/** An entry of the run's transcript. */
export type Item = TextItem | ToolItem | NoteItem;

/** One model call. */
export interface ModelCall {
  source: Source | undefined;
  round: number;
  durationMs?: number;
  model?: string;
  usage?: Usage;
  cached?: boolean;
}

/** A workflow or team step. */
export interface StepState {
  path: string;
  name: string;
  kind: string;
  status: 'running' | 'completed' | 'skipped' | 'error' | 'paused';
  durationMs?: number;
  error?: WireError;
  usage?: Usage;
}

/** A run as the page shows it. */
export interface RunView {
  /** The page's own key for the run (runs have no id until the server accepts them). */
  key: string;
  runId?: string;
  target: Target;
  sessionId?: string;
  /** The input, when known (a paused run found after a reload has none). */
  input?: unknown;
  status: 'running' | 'completed' | 'paused' | 'error';
  items: Item[];
  modelCalls: ModelCall[];
  /** Step states by path (loop iterations folded: `loop[2]/edit` is `loop/edit`). */
  steps: Record<string, StepState>;
  pending: WirePendingCall[];
  /** Decisions made so far on the pending calls (sent once every call has one). */
  decided: Record<string, boolean>;
  error?: WireError;
  usage?: Usage;
  totalMs?: number;
  /** A workflow's output, when it is not text. */
  output?: unknown;
  /** The result as the server sent it (or the stored run's record). */
  result?: unknown;
  createdAt: number;
  /** Where the run came from: this page's stream, or the session's stored runs. */
  origin: 'live' | 'stored';
}

let keys = 0;

/** A new run of `target`. */
export function newRun(target: Target, input: unknown, sessionId?: string): RunView {
  const view: RunView = {
    key: `run-${++keys}`,
    target,
    input,
    status: 'running',
    items: [],
    modelCalls: [],
    steps: {},
    pending: [],
    decided: {},
    createdAt: Date.now(),
    origin: 'live',
  };
  if (sessionId !== undefined) view.sessionId = sessionId;
  return view;
}

/** The path of a step with loop iterations folded (`polish[2]/edit` → `polish/edit`). */
export function stepKey(path: string): string {
  return path.replace(/\[\d+\]/g, '');
}

function sameSource(a: Source | undefined, b: Source | undefined): boolean {
  return a?.agent === b?.agent && a?.path === b?.path;
}

/** The text item `source` is writing to: its latest, unless a tool call or note of its own came after. */
function openText(view: RunView, source: Source | undefined, forReasoning: boolean): TextItem {
  for (let i = view.items.length - 1; i >= 0; i--) {
    const item = view.items[i]!;
    if (!sameSource(item.source, source)) continue;
    if (item.type === 'text' && !(forReasoning && item.text !== '')) return item;
    break;
  }
  const item: TextItem = { type: 'text', source, text: '', reasoning: '' };
  view.items.push(item);
  return item;
}

function findTool(view: RunView, id: string): ToolItem | undefined {
  for (let i = view.items.length - 1; i >= 0; i--) {
    const item = view.items[i]!;
    if (item.type === 'tool' && item.id === id) return item;
  }
  return undefined;
}

/** A running tool call's item, added to the run. */
function startTool(
  view: RunView,
  source: Source | undefined,
  call: { id: string; name: string; args: unknown },
): ToolItem {
  const tool: ToolItem = {
    type: 'tool',
    source,
    id: call.id,
    name: call.name,
    args: call.args,
    status: 'running',
  };
  view.items.push(tool);
  return tool;
}

function note(view: RunView, source: Source | undefined, text: string, code?: string): void {
  const item: NoteItem = { type: 'note', source, text };
  if (code !== undefined) item.code = code;
  view.items.push(item);
}

/** Records the run's result (or what a failed run had done): usage and total time. */
function settle(view: RunView, result: WireRunResult | undefined): void {
  view.result = result;
  view.usage = result?.usage;
  view.totalMs = result?.timings?.totalMs;
}

type AnyEvent = StreamEvent<WireAgentEvent | WireWorkflowEvent> | { type: string; [key: string]: unknown };

/** Applies one agent event of `source` (the run's own when undefined, a member's otherwise). */
function applyAgentEvent(view: RunView, e: WireAgentEvent, source: Source | undefined): void {
  const top = source === undefined;
  switch (e.type) {
    case 'run-started':
      if (top) {
        view.runId ??= e.runId;
        if (e.sessionId !== undefined) view.sessionId = e.sessionId;
      }
      return;
    case 'text-delta':
      openText(view, source, false).text += e.text;
      return;
    case 'model-call-started':
      view.modelCalls.push({ source, round: e.round });
      return;
    case 'model-call-completed': {
      let call = view.modelCalls.findLast(
        (c) => sameSource(c.source, source) && c.round === e.round && c.durationMs === undefined,
      );
      if (call === undefined) {
        call = { source, round: e.round };
        view.modelCalls.push(call);
      }
      call.durationMs = e.durationMs;
      call.model = e.model;
      if (e.usage !== undefined) call.usage = e.usage;
      if (e.cached) call.cached = true;
      return;
    }
    case 'tool-call-started':
      startTool(view, source, e.toolCall);
      return;
    case 'tool-call-completed': {
      const tool = findTool(view, e.toolCall.id) ?? startTool(view, source, e.toolCall);
      tool.status = e.isError ? 'error' : 'done';
      tool.result = e.result;
      tool.durationMs = e.durationMs;
      if (e.errorCode !== undefined) tool.errorCode = e.errorCode;
      return;
    }
    case 'tool-progress': {
      const tool = findTool(view, e.toolCallId);
      if (tool !== undefined)
        tool.progress = `${e.progress}${e.total === undefined ? '' : ` / ${e.total}`}${e.message ? ` ${e.message}` : ''}`;
      return;
    }
    case 'run-paused':
    case 'run-completed':
      if (top) {
        const paused = e.type === 'run-paused';
        view.status = paused ? 'paused' : 'completed';
        view.pending = paused ? e.pending : [];
        settle(view, e.result);
      }
      return;
    case 'run-error':
      if (top) {
        view.status = 'error';
        view.error = e.error;
        settle(view, e.partial);
      } else note(view, source, e.error.message, e.error.code);
      return;
    case 'agent-event': {
      const path = source?.path;
      applyAgentEvent(view, e.event, path === undefined ? { agent: e.agent } : { agent: e.agent, path });
      return;
    }
    case 'handoff':
      note(view, source, `${e.from} handed the conversation to ${e.to}`);
      return;
    case 'loop-detected':
      note(
        view,
        source,
        `${e.toolName} was called ${e.repeats} times in a row: the run is stopped`,
        'loop_detected',
      );
      return;
    case 'background-error':
      note(view, source, `${e.task}: ${e.error.message}`, e.error.code);
      return;
    default: {
      const other = e as { type: string; text?: string; from?: string; to?: string };
      if (other.type === 'reasoning-delta' && typeof other.text === 'string')
        openText(view, source, true).reasoning += other.text;
      else if (other.type === 'model-fallback')
        note(view, source, `${other.from} failed: ${other.to} answers instead`);
      return;
    }
  }
}

/** Applies one event of a run's stream (agent, team or workflow) to `view`, in place. */
export function applyEvent(view: RunView, event: AnyEvent): void {
  const e = event as WireWorkflowEvent | WireAgentEvent | { type: string; [key: string]: unknown };
  switch (e.type) {
    case 'workflow-started':
      view.runId ??= (e as { runId: string }).runId;
      return;
    case 'step-started':
    case 'step-completed':
    case 'step-skipped':
    case 'step-error':
    case 'step-paused': {
      const s = e as Extract<WireWorkflowEvent, { type: 'step-started' }> & Record<string, unknown>;
      const key = stepKey(s.path);
      const step: StepState = (view.steps[key] ??= {
        path: key,
        name: s.name,
        kind: s.kind,
        status: 'running',
      });
      if (e.type === 'step-started') {
        step.status = 'running';
        delete step.error;
      } else if (e.type === 'step-completed') {
        step.status = 'completed';
        step.durationMs = s.durationMs as number;
        if (s.usage !== undefined) step.usage = s.usage as Usage;
      } else if (e.type === 'step-skipped') step.status = 'skipped';
      else if (e.type === 'step-paused') step.status = 'paused';
      else if (!(s.willRetry as boolean)) {
        step.status = 'error';
        step.error = s.error as WireError;
      }
      return;
    }
    case 'agent-event': {
      const a = e as { agent: string; path?: string; event: WireAgentEvent };
      if (a.path === undefined) applyAgentEvent(view, e as WireAgentEvent, undefined);
      else applyAgentEvent(view, a.event, { agent: a.agent, path: a.path });
      return;
    }
    case 'workflow-paused':
    case 'workflow-completed': {
      const w = e as { result: { usage?: Usage; output?: unknown; text?: string } };
      view.status = e.type === 'workflow-paused' ? 'paused' : 'completed';
      view.result = w.result;
      if (w.result.usage !== undefined) view.usage = w.result.usage;
      if (e.type === 'workflow-completed') view.output = w.result.text ?? w.result.output;
      return;
    }
    case 'workflow-error': {
      const w = e as { error: WireError; partial?: { usage?: Usage } };
      view.status = 'error';
      view.error = w.error;
      if (w.partial !== undefined) view.result = w.partial;
      return;
    }
    case 'done': {
      const d = e as unknown as { status: RunView['status'] };
      view.status = d.status;
      return;
    }
    case 'gap':
      note(view, undefined, `${(e as unknown as { missed: number }).missed} events were missed`);
      return;
    case 'run-restarted':
      view.items = [];
      view.modelCalls = [];
      note(view, undefined, 'the run restarted on another worker');
      return;
    default:
      applyAgentEvent(view, e as WireAgentEvent, undefined);
  }
}
