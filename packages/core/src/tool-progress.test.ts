import { describe, expect, it } from 'vitest';
import { ScriptedModel } from './fixtures/index.js';
import { Agent, type AgentEvent, type Tool, type ToolProgressEvent } from './index.js';

/** A tool that reports `n` steps of progress, then answers. */
function stepsTool(n: number): Tool {
  return {
    name: 'crawl',
    description: 'crawls pages',
    parameters: { type: 'object' },
    execute: async (_args, ctx) => {
      for (let i = 1; i <= n; i++) {
        ctx.reportProgress?.({ progress: i, total: n, message: `page ${i}` });
        if (i % 100 === 0) await new Promise((r) => setImmediate(r));
      }
      return `crawled ${n}`;
    },
  };
}

function model() {
  return new ScriptedModel({ turns: [{ toolCalls: [{ name: 'crawl', id: 'c1' }] }, 'done'] });
}

describe('tool progress', () => {
  it('reaches event streams and listeners between the call start and its end', async () => {
    const agent = new Agent({ model: model(), tools: [stepsTool(3)] });
    const heard: ToolProgressEvent[] = [];
    agent.events.on('tool-progress', (e) => heard.push(e));
    const events: AgentEvent[] = [];
    for await (const e of agent.stream('go')) events.push(e);
    const types = events.map((e) => e.type).filter((t) => t.startsWith('tool-'));
    expect(types).toEqual([
      'tool-call-started',
      'tool-progress',
      'tool-progress',
      'tool-progress',
      'tool-call-completed',
    ]);
    const progress = events.filter((e): e is ToolProgressEvent => e.type === 'tool-progress');
    expect(progress[2]).toMatchObject({
      toolCallId: 'c1',
      toolName: 'crawl',
      progress: 3,
      total: 3,
      message: 'page 3',
    });
    expect(heard.map((e) => e.progress)).toEqual([1, 2, 3]);
  });

  it('never blocks the tool on a consumer that does not read', async () => {
    const agent = new Agent({ model: model(), tools: [stepsTool(2000)] });
    const stream = agent.stream('go', { bufferSize: 4 });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next(); // run-started, then the consumer stalls while the tool runs
    let finished = false;
    agent.events.on('tool-call-completed', () => {
      finished = true;
    });
    const result = stream.result;
    // Drain only after the tool has had every chance to finish on its own.
    await new Promise((r) => setTimeout(r, 50));
    while (!(await iterator.next()).done) {}
    expect((await result).toolCalls[0]!.result).toBe('crawled 2000');
    expect(finished).toBe(true);
  });

  it('a plain run without listeners ignores reports (and a malformed report is ignored)', async () => {
    const tool: Tool = {
      name: 'crawl',
      description: 'crawls',
      parameters: { type: 'object' },
      execute: (_a, ctx) => {
        ctx.reportProgress?.({ progress: Number.NaN });
        ctx.reportProgress?.({ progress: 1 });
        return 'ok';
      },
    };
    const agent = new Agent({ model: model(), tools: [tool] });
    const heard: unknown[] = [];
    expect((await agent.run('go')).text).toBe('done');
    agent.events.on('tool-progress', (e) => heard.push(e.progress));
    await new Agent({ model: model(), tools: [tool] }).run('go');
    const watched = new Agent({ model: model(), tools: [tool] });
    watched.events.on('tool-progress', (e) => heard.push(e.progress));
    await watched.run('go');
    expect(heard).toEqual([1]);
  });
});
