/**
 * Spans for work around agents: a workflow (`invoke_workflow {name}`) and its steps
 * (`step {name}`). The span is active while the function runs, so instrumented agent runs
 * started inside become its children (with a context manager registered, as the Node SDK does).
 */

import { redactSecrets } from '@agno/core';
import { type Attributes, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { errorType } from './error-type.js';
import {
  ATTR_AGNO_STEP_NAME,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_WORKFLOW_NAME,
  GEN_AI_OPERATION,
} from './semconv.js';
import { TRACER_NAME } from './spans.js';

/** Options of {@link traceStep} and {@link traceWorkflow}. */
export interface SpanOptions {
  /** Tracer to use. Default: the global provider's `@agno/observability` tracer. */
  tracer?: Tracer;
  /** The workflow a step belongs to (`gen_ai.workflow.name`). */
  workflow?: string;
  /** More attributes for the span. */
  attributes?: Attributes;
}

async function inSpan<T>(
  name: string,
  attributes: Attributes,
  options: SpanOptions,
  fn: (span: Span) => T | Promise<T>,
): Promise<T> {
  const tracer = options.tracer ?? trace.getTracer(TRACER_NAME);
  if (options.attributes !== undefined) Object.assign(attributes, options.attributes);
  return tracer.startActiveSpan(name, { kind: SpanKind.INTERNAL, attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.setAttribute(ATTR_ERROR_TYPE, errorType(error));
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: redactSecrets(error instanceof Error ? error.message : String(error)),
      });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Runs `fn` inside a `step {name}` span; a throw marks the span failed and is rethrown. */
export function traceStep<T>(
  name: string,
  fn: (span: Span) => T | Promise<T>,
  options: SpanOptions = {},
): Promise<T> {
  const attributes: Attributes = { [ATTR_AGNO_STEP_NAME]: name };
  if (options.workflow !== undefined) attributes[ATTR_GEN_AI_WORKFLOW_NAME] = options.workflow;
  return inSpan(`step ${name}`, attributes, options, fn);
}

/** Runs `fn` inside an `invoke_workflow {name}` span; a throw marks the span failed and is rethrown. */
export function traceWorkflow<T>(
  name: string,
  fn: (span: Span) => T | Promise<T>,
  options: Omit<SpanOptions, 'workflow'> = {},
): Promise<T> {
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.invokeWorkflow,
    [ATTR_GEN_AI_WORKFLOW_NAME]: name,
  };
  return inSpan(`invoke_workflow ${name}`, attributes, options, fn);
}
