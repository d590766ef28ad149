import { describe, expect, it } from 'vitest';
import { ScriptedModel } from '../../models-mock/src/index.js';
import { Agent } from './index.js';

describe('smoke', () => {
  it('runs', async () => {
    const model = new ScriptedModel({ turns: [{ toolCalls: [{ name: 'add', args: { a: 1, b: 2 } }] }, 'the answer is 3'] });
    const agent = new Agent({ model, instructions: 'be nice', tools: [{ name: 'add', description: 'adds', parameters: { type: 'object' }, execute: (a: any) => a.a + a.b }] });
    const r = await agent.run('what is 1+2');
    expect(r.text).toBe('the answer is 3');
    const evs: string[] = [];
    for await (const e of agent.stream('hi')) evs.push(e.type);
    console.log(evs, r.messages);
  });
});
