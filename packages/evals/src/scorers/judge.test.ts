import { Agent, OutputValidationError } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { describe, expect, it } from 'vitest';
import { runEval } from '../run-eval.js';
import { judge } from './judge.js';

const agent = new Agent({
  name: 'poet',
  model: new ScriptedModel({
    respond: (r) =>
      String(r.messages.at(-1)?.content).includes('haiku') ? 'Old pond, frog jumps in' : 'No.',
  }),
});

describe('LLM judge', () => {
  it('grades with structured output against the rubric and the reference', async () => {
    // The scripted judge reads the answer out of its prompt, as a real judge would.
    const judgeModel = new ScriptedModel({
      respond: (request) => {
        const prompt = String(request.messages.at(-1)?.content);
        const good = prompt.includes('<answer>\nOld pond');
        return JSON.stringify({
          score: good ? 0.9 : 0.1,
          passed: good,
          reasoning: good ? 'a haiku' : 'not a poem',
        });
      },
    });
    const report = await runEval({
      name: 'poems',
      agent,
      dataset: [{ input: 'Write a haiku', expected: 'a 5-7-5 poem' }, { input: 'Write a limerick' }],
      scorers: [judge({ model: judgeModel, rubric: 'The answer is a poem of the asked form.' })],
    });
    expect(report.cases.map((c) => [c.status, c.score, c.scores[0]!.reason])).toEqual([
      ['passed', 0.9, 'a haiku'],
      ['failed', 0.1, 'not a poem'],
    ]);
    const first = judgeModel.requests.find((r) => String(r.messages.at(-1)?.content).includes('haiku'))!;
    expect(first.responseFormat).toMatchObject({ type: 'json_schema', name: 'verdict' });
    expect(String(first.messages[0]!.content)).toContain('The answer is a poem of the asked form.');
    expect(String(first.messages.at(-1)!.content)).toContain('<reference_answer>\na 5-7-5 poem');
  });

  it('passScore overrides the judge’s own verdict', async () => {
    const judgeModel = new ScriptedModel({ turns: ['{"score":0.6,"passed":false,"reasoning":"fine"}'] });
    const report = await runEval({
      name: 'poems',
      agent,
      dataset: [{ input: 'Write a haiku' }],
      scorers: [judge({ model: judgeModel, rubric: 'any poem', passScore: 0.5 })],
    });
    expect(report.cases[0]!.status).toBe('passed');
  });

  it('a reply that fails the verdict schema is a typed error, not a pass', async () => {
    // Score out of range, then (the repair turn) a missing field: never a verdict.
    const judgeModel = new ScriptedModel({
      replies: ['{"score":7,"passed":true,"reasoning":"great"}', '{"passed":true}'],
      loop: true,
    });
    const scorer = judge({ model: judgeModel, rubric: 'any poem' });
    const result = await agent.run('Write a haiku');
    await expect(scorer.score({ case: { input: 'Write a haiku' }, result })).rejects.toBeInstanceOf(
      OutputValidationError,
    );

    const report = await runEval({
      name: 'poems',
      agent,
      dataset: [{ input: 'Write a haiku' }],
      scorers: [scorer],
    });
    expect(report.cases[0]).toMatchObject({
      status: 'error',
      score: 0,
      error: { code: 'output_validation_error' },
    });
    expect(report.summary).toMatchObject({ passed: 0, errored: 1, passRate: 0 });
    expect(report.passed).toBe(false);
  });
});
