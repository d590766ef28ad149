/**
 * An LLM judge: any core `Model` grades the answer against a rubric and replies with
 * `{ score, passed, reasoning }` as structured output. A reply that fails that schema (after
 * the run's one repair turn) is the run's typed `OutputValidationError`, never a pass.
 */
import { Agent, type JSONSchema, type Model, messageText, type RunInput } from '@agno/core';
import type { EvalCase, Score, Scorer } from '../types.js';
import { standardSchemaOf } from './ajv.js';

/** What the judge replies. */
export interface JudgeVerdict {
  /** Between 0 and 1. */
  score: number;
  passed: boolean;
  reasoning: string;
}

/** The JSON Schema the judge's reply must follow. */
export const JUDGE_SCHEMA: JSONSchema = {
  type: 'object',
  properties: {
    score: { type: 'number', minimum: 0, maximum: 1 },
    passed: { type: 'boolean' },
    reasoning: { type: 'string' },
  },
  required: ['score', 'passed', 'reasoning'],
  additionalProperties: false,
};

/** Options of {@link judge}. */
export interface JudgeOptions {
  /** The model that judges. */
  model: Model;
  /** What a good answer is; the judge grades against it. */
  rubric: string;
  /** Name in reports (default `judge`). */
  name?: string;
  /** Pass when the score reaches this (default: the judge's own `passed`). */
  passScore?: number;
  /** Time limit of one judgement. */
  timeoutMs?: number;
}

const verdictSchema = {
  name: 'verdict',
  jsonSchema: JUDGE_SCHEMA,
  schema: standardSchemaOf<JudgeVerdict>(JUDGE_SCHEMA),
};

function inputText(input: RunInput): string {
  if (typeof input === 'string') return input;
  return (Array.isArray(input) ? input : [input]).map((m) => messageText(m)).join('\n');
}

function prompt(c: EvalCase, answer: string): string {
  const parts = [`<question>\n${inputText(c.input)}\n</question>`];
  if (c.expected !== undefined) {
    const expected = typeof c.expected === 'string' ? c.expected : JSON.stringify(c.expected);
    parts.push(`<reference_answer>\n${expected}\n</reference_answer>`);
  }
  parts.push(`<answer>\n${answer}\n</answer>`);
  return parts.join('\n');
}

/** Grades each answer with `model` against `rubric`. */
export function judge(options: JudgeOptions): Scorer {
  const agent = new Agent({
    name: options.name ?? 'judge',
    model: options.model,
    instructions:
      'You grade an answer to a question against a rubric. Reply with JSON only: ' +
      '{"score": number from 0 to 1, "passed": boolean, "reasoning": short text}.\n\n' +
      `Rubric:\n${options.rubric}`,
  });
  return {
    name: options.name ?? 'judge',
    async score(ctx): Promise<Score> {
      const answer = typeof ctx.result.output === 'string' ? ctx.result.output : ctx.result.text;
      const { output } = await agent.run<JudgeVerdict>(prompt(ctx.case, answer), {
        outputSchema: verdictSchema,
        timeoutMs: options.timeoutMs,
        signal: ctx.signal,
      });
      const passed = options.passScore === undefined ? output.passed : output.score >= options.passScore;
      return { score: output.score, passed, reason: output.reasoning };
    },
  };
}
