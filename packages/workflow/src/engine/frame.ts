/**
 * The engine's contracts: the frame one attempt of a node runs in, the place children run at,
 * the engine's services that runners use, and the interface every node runner implements.
 * Types only: runners, the step context and the engine depend on this module, never on each other.
 */
import type { WorkflowEvent } from '../events.js';
import type { Node } from '../nodes.js';
import type { StepResult } from '../records.js';
import type { StepContext } from '../step-types.js';

/** The outputs and input of one workflow level (nested workflows get their own). */
export interface Scope {
  readonly input: unknown;
  readonly outputs: Record<string, unknown>;
  /** Set when a step ended this workflow early. */
  exit: { output: unknown; path: string } | undefined;
}

/** Where children run: under `path`, in `scope`, cancelled by `signal`, in loop iteration `iteration`. */
export interface Place {
  /** The parent's path (a child's path is `path/name`; `''` at the top). */
  readonly path: string;
  readonly scope: Scope;
  readonly signal: AbortSignal;
  /** The 1-based iteration of the innermost loop, if any. */
  readonly iteration: number | undefined;
}

/** The request a function step made when it paused, with the issues of a refused answer. */
export interface PendingInput {
  prompt: string;
  data: unknown;
  issues: string[] | undefined;
}

/**
 * One attempt of one node: everything a runner needs, in one object. The frame is also the
 * step's context (what the step, its predicates and choosers receive) and the place of its children.
 */
export interface Frame<N extends Node = Node> extends Place, StepContext {
  readonly engine: Engine;
  readonly node: N;
  /** The node's record in the run's journal (a runner sets `status = 'paused'` to pause it). */
  readonly rec: StepResult;
  readonly path: string;
  readonly signal: AbortSignal;
  readonly iteration: number | undefined;
  /** Set when a function step asked for input that has no answer yet. */
  readonly pending: PendingInput | undefined;
  /** Records the pending input request as the step's pause. */
  pauseStep(): void;
  /** This frame with another `previous`, `iteration` or `signal` (a loop's `until`, a fallback). */
  derive(changes: { previous?: unknown; iteration?: number; signal?: AbortSignal }): Frame<N>;
}

/** Runs one kind of node. */
export interface NodeRunner<N extends Node = Node> {
  /**
   * One attempt of `frame.node`: its output (a value or a promise), or `undefined` with
   * `frame.rec.status` set to `'paused'` when it paused. Throws (or rejects) when it failed.
   */
  run(frame: Frame<N>): unknown;
}

/** What the engine offers runners, the step context and agent runs. */
export interface Engine {
  readonly runId: string;
  /** The run's shared state. */
  readonly state: Record<string, unknown>;
  /** True when events are worth building (a stream, or listeners on the workflow's bus). */
  readonly observed: boolean;
  /** Answers to pauses, by pause id, while resuming. */
  readonly answers: Map<string, unknown> | undefined;
  /** The run's signal (aborted when the whole run is cancelled). */
  readonly signal: AbortSignal;
  /** Delivers an event to the stream and the bus; a promise when the stream applies backpressure. */
  emit(event: WorkflowEvent): Promise<void> | undefined;
  /** Asks for the run to be stored (coalesced). */
  save(): void;
  /** Runs `node` at `place` on `prev` with its policies; resolves with its record, rejects when it fails. */
  exec(node: Node, place: Place, prev: unknown): Promise<StepResult>;
  /** Runs `steps` in order at `place`; the last output (or an early exit's); pauses `rec` when one pauses. */
  runSteps(steps: readonly Node[], place: Place, prev: unknown, rec: StepResult): Promise<unknown>;
  /** Records that `node` at `place` will not run, and says so. */
  skip(node: Node, place: Place, reason: 'condition' | 'router'): Promise<void>;
  /** A decision taken once per run: reused as it was when the run resumes. */
  decide<T>(path: string, fn: () => Promise<T>): Promise<T>;
  /** The record of the step at `path`, if the run has one. */
  step(path: string): StepResult | undefined;
  /** Records a new step at `path` (not yet started) in the journal. */
  open(node: Node | undefined, path: string, name: string): StepResult;
  /** The perf-clock time a record started at. */
  startOf(rec: StepResult): number;
}
