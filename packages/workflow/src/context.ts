/**
 * The context a step receives: its input, the outputs so far, shared state, its signal, and
 * the means to ask a person for input, to end the workflow early, or to run an agent as a
 * sub-step. The context is the attempt's frame: the one object the engine hands a runner.
 */
import { type Agent, formatIssues, type RunInput, type RunOptions, type RunResult } from '@agno/core';
import type { Engine, Frame, PendingInput, Scope } from './engine/frame.js';
import { runSubAgent } from './engine/sub-step.js';
import { WorkflowError } from './errors.js';
import type { Node } from './nodes.js';
import type { StepResult } from './records.js';
import { Exit, type InputRequest, type Step } from './step-types.js';

/** Thrown by `askForInput` to stop a step until a person answers. Not an error. */
export class PauseSignal {
  /** Always true; lets code that catches everything tell a pause from an error. */
  readonly pause = true;
}

/** One attempt's frame, which is also the step's context (see {@link StepContext}). */
export class Ctx<N extends Node = Node> implements Frame<N> {
  /** {@inheritDoc Frame.pending} */
  pending: PendingInput | undefined = undefined;
  private asked = 0;

  constructor(
    readonly engine: Engine,
    readonly node: N,
    readonly rec: StepResult,
    readonly path: string,
    readonly previous: unknown,
    readonly scope: Scope,
    readonly signal: AbortSignal,
    readonly iteration: number | undefined,
    readonly attempt: number,
  ) {}

  /** {@inheritDoc Frame.derive} */
  derive(changes: { previous?: unknown; iteration?: number; signal?: AbortSignal }): Ctx<N> {
    return new Ctx(
      this.engine,
      this.node,
      this.rec,
      this.path,
      'previous' in changes ? changes.previous : this.previous,
      this.scope,
      changes.signal ?? this.signal,
      changes.iteration ?? this.iteration,
      this.attempt,
    );
  }

  /** {@inheritDoc StepContext.input} */
  get input(): unknown {
    return this.scope.input;
  }

  /** {@inheritDoc StepContext.outputs} */
  get outputs(): Readonly<Record<string, unknown>> {
    return this.scope.outputs;
  }

  /** {@inheritDoc StepContext.state} */
  get state(): Record<string, unknown> {
    return this.engine.state;
  }

  /** {@inheritDoc StepContext.runId} */
  get runId(): string {
    return this.engine.runId;
  }

  /** {@inheritDoc StepContext.name} */
  get name(): string {
    return this.node.name;
  }

  /** {@inheritDoc StepContext.output} */
  output<T>(step: Step<T> | string): T {
    const name = typeof step === 'string' ? step : step.name;
    const outputs = this.scope.outputs;
    if (!Object.hasOwn(outputs, name)) {
      throw new WorkflowError(
        'unknown_step',
        'not_found',
        `step "${this.path}" asked for the output of "${name}", which has not completed`,
        { stepPath: this.path },
      );
    }
    return outputs[name] as T;
  }

  /** {@inheritDoc StepContext.askForInput} */
  async askForInput<T = unknown>(request: InputRequest<T>): Promise<T> {
    const i = this.asked++;
    const pause = this.rec.pause;
    const answers = pause?.kind === 'input' ? pause.answers : undefined;
    if (answers !== undefined && i < answers.length) {
      const value = answers[i];
      if (request.schema === undefined) return value as T;
      let result = request.schema['~standard'].validate(value);
      if (result instanceof Promise) result = await result;
      if (result.issues === undefined) return result.value;
      answers.length = i;
      this.pending = { prompt: request.prompt, data: request.data, issues: formatIssues(result.issues) };
      throw new PauseSignal();
    }
    this.pending = { prompt: request.prompt, data: request.data, issues: undefined };
    throw new PauseSignal();
  }

  /** {@inheritDoc StepContext.exit} */
  exit<T>(output: T): Exit<T> {
    return new Exit(output);
  }

  /** {@inheritDoc StepContext.runAgent} */
  runAgent<T = string>(agent: Agent, input: RunInput, options?: RunOptions<T>): Promise<RunResult<T>> {
    return runSubAgent(this, agent, input, options) as Promise<RunResult<T>>;
  }

  /** {@inheritDoc Frame.pauseStep} */
  pauseStep(): void {
    const pending = this.pending!;
    const rec = this.rec;
    const previous = rec.pause;
    rec.status = 'paused';
    rec.pause = {
      kind: 'input',
      id: rec.path,
      path: rec.path,
      stepName: rec.name,
      prompt: pending.prompt,
      answers: previous?.kind === 'input' ? previous.answers : [],
    };
    if (pending.data !== undefined) rec.pause.data = pending.data;
    if (pending.issues !== undefined) rec.pause.issues = pending.issues;
  }
}
