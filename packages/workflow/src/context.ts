/**
 * The context a step receives: its input, the outputs so far, shared state, its signal,
 * and the means to ask a person for input or to end the workflow early.
 */
import { formatIssues } from '@agno/core';
import { WorkflowError } from './errors.js';
import type { Execution, Scope } from './execution.js';
import { Exit, type InputRequest, type Step, type StepContext, type StepResult } from './types.js';

/** Thrown by `askForInput` to stop a step until a person answers. Not an error. */
export class PauseSignal {
  /** Always true; lets code that catches everything tell a pause from an error. */
  readonly pause = true;
}

/** The request a step made when it paused, with the issues of a refused answer. */
export interface PendingInput {
  prompt: string;
  data: unknown;
  issues: string[] | undefined;
}

/** One step's context (see {@link StepContext}). */
export class Ctx implements StepContext {
  /** Set when the step asked for input that has no answer yet. */
  pending: PendingInput | undefined = undefined;
  private asked = 0;

  constructor(
    readonly exec: Execution,
    readonly scope: Scope,
    readonly rec: StepResult,
    readonly path: string,
    readonly name: string,
    readonly previous: unknown,
    readonly signal: AbortSignal,
    readonly attempt: number,
    readonly iteration: number | undefined,
  ) {}

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
    return this.exec.state;
  }

  /** {@inheritDoc StepContext.runId} */
  get runId(): string {
    return this.exec.runId;
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
        {
          stepPath: this.path,
        },
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
}
