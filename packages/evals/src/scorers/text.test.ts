import { Agent } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runEval } from '../run-eval.js';
import { jsonSchema } from './json-schema.js';
import { allOf, contains, exact, regex } from './text.js';

/** An agent whose scripted model answers each question from a table. */
function answering(answers: Record<string, string>): Agent {
  const model = new ScriptedModel({
    respond: (request) => answers[String(request.messages.at(-1)?.content)] ?? 'no idea',
  });
  return new Agent({ name: 'answerer', model });
}

describe('text scorers through agent runs', () => {
  const agent = answering({
    capital: '  Paris. ',
    sum: 'The total is 42 apples.',
    colours: 'Red, green and blue.',
  });

  it('exact: passes with normalisation, fails without it and on a wrong answer', async () => {
    const dataset = [
      { id: 'normalised', input: 'capital', expected: 'paris' },
      { id: 'wrong', input: 'sum', expected: '41' },
    ];
    const loose = await runEval({
      name: 'x',
      agent,
      dataset,
      scorers: [exact({ ignoreCase: true, ignorePunctuation: true })],
    });
    expect(loose.cases.map((c) => c.status)).toEqual(['passed', 'failed']);
    expect(loose.cases[1]!.scores[0]!.reason).toContain('expected "41"');
    const strict = await runEval({ name: 'x', agent, dataset: dataset.slice(0, 1), scorers: [exact()] });
    expect(strict.cases[0]!.status).toBe('failed');
  });

  it('regex: the case pattern or the scorer pattern', async () => {
    const report = await runEval({
      name: 'x',
      agent,
      dataset: [
        { input: 'sum', expected: '\\b42\\b' },
        { input: 'capital', expected: '^\\d+$' },
      ],
      scorers: [regex()],
    });
    expect(report.cases.map((c) => c.status)).toEqual(['passed', 'failed']);
    const own = await runEval({
      name: 'x',
      agent,
      dataset: [{ input: 'colours' }],
      scorers: [regex(/green/)],
    });
    expect(own.cases[0]!.status).toBe('passed');
  });

  it('contains: all of (score is the share found) and any of', async () => {
    const all = await runEval({
      name: 'x',
      agent,
      dataset: [
        { input: 'colours', expected: ['red', 'green', 'blue'] },
        { input: 'colours', expected: ['red', 'purple'] },
      ],
      scorers: [contains({ ignoreCase: true })],
    });
    expect(all.cases.map((c) => [c.status, c.score])).toEqual([
      ['passed', 1],
      ['failed', 0.5],
    ]);
    expect(all.cases[1]!.scores[0]!.reason).toContain('"purple"');
    const any = await runEval({
      name: 'x',
      agent,
      dataset: [
        { input: 'colours', expected: ['purple', 'Red'] },
        { input: 'sum', expected: ['pears'] },
      ],
      scorers: [contains({ mode: 'any' })],
    });
    expect(any.cases.map((c) => c.status)).toEqual(['passed', 'failed']);
    const shorthand = await runEval({
      name: 'x',
      agent,
      dataset: [{ input: 'sum' }],
      scorers: [allOf(['42', 'apples'])],
    });
    expect(shorthand.passed).toBe(true);
  });

  it('a text scorer with nothing to compare records a config error for the case', async () => {
    const report = await runEval({ name: 'x', agent, dataset: [{ input: 'sum' }], scorers: [exact()] });
    expect(report.cases[0]).toMatchObject({ status: 'error', error: { code: 'config_error' } });
    expect(report.passed).toBe(false);
  });
});

describe('JSON Schema and structured output', () => {
  const Person = z.object({ name: z.string(), age: z.number() });
  const schema = {
    type: 'object',
    properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 } },
    required: ['name', 'age'],
  };

  it('validates the structured output of a run with outputSchema', async () => {
    const model = new ScriptedModel({ turns: ['{"name":"Ada","age":36}'] });
    const agent = new Agent({ model });
    const report = await runEval({
      name: 'x',
      agent,
      dataset: [{ input: 'who?', expected: { name: 'Ada', age: 36 } }],
      scorers: [jsonSchema(schema), exact()],
      runOptions: { outputSchema: Person },
    });
    expect(report.cases[0]).toMatchObject({ status: 'passed', output: { name: 'Ada', age: 36 } });
  });

  it('parses the text (code fences allowed) and fails on a value or a text that does not fit', async () => {
    const agent = answering({
      ok: '```json\n{"name":"Ada","age":36}\n```',
      bad: '{"name":"Ada","age":-1}',
      prose: 'Ada, 36',
    });
    const report = await runEval({
      name: 'x',
      agent,
      dataset: [{ input: 'ok' }, { input: 'bad' }, { input: 'prose' }],
      scorers: [jsonSchema(schema)],
    });
    expect(report.cases.map((c) => c.status)).toEqual(['passed', 'failed', 'failed']);
    expect(report.cases[1]!.scores[0]!.reason).toContain('/age');
    expect(report.cases[2]!.scores[0]!.reason).toBe('the answer is not JSON');
  });
});
