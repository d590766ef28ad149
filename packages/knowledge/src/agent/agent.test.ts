import { Agent, type KnowledgeDocument, type ModelRequest } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { Knowledge } from '../knowledge.js';
import { InMemoryVectorStore } from '../stores/memory-store.js';
import { TestEmbedder } from '../testing/hash-embedder.js';
import { citationsOf } from './citations.js';
import { knowledgeInstructions } from './context.js';
import type { SearchKnowledgeResult } from './tool.js';

const documents: KnowledgeDocument[] = [
  {
    source: 'orion.md',
    title: 'Orion telescope',
    content:
      '# Battery\n\nCharge the Orion battery for four hours before first use.\n\n# Lens\n\nClean the lens dry.',
  },
  {
    source: 'warranty.md',
    title: 'Warranty',
    content: '# Warranty\n\nThe warranty covers manufacturing defects for two years.',
  },
];

let kb: Knowledge;
beforeAll(async () => {
  kb = new Knowledge({ embedder: new TestEmbedder(), store: new InMemoryVectorStore({ dimensions: 384 }) });
  await kb.ingest(documents);
});

/** The results of the last knowledge tool call the model received. */
function lastResults(request: ModelRequest): SearchKnowledgeResult['results'] {
  const tool = request.messages.findLast((m) => m.role === 'tool');
  return (JSON.parse(tool!.content as string) as SearchKnowledgeResult).results;
}

describe('the knowledge search tool', () => {
  it('an agent searches, answers citing a passage, and the answer carries its citations', async () => {
    const model = new ScriptedModel({
      turns: [
        {
          toolCalls: [{ name: 'search_knowledge', args: { query: 'how long to charge the orion battery' } }],
        },
        (request) => {
          const best = lastResults(request)[0]!;
          return `Charge it for four hours [${best.ref}].`;
        },
      ],
    });
    const agent = new Agent({
      model,
      instructions: 'Answer from the manuals.',
      tools: [kb.asTool({ topK: 2 })],
    });
    const result = await agent.run('How long do I charge the Orion battery?');

    expect(result.text).toBe('Charge it for four hours [1].');
    const system = model.requests[0]!.messages[0]!;
    expect(system.role).toBe('system');
    expect(system.content).toContain('Cite the passages you use by their number in brackets');
    const citations = citationsOf(result);
    expect(citations).toHaveLength(2);
    expect(citations[0]).toMatchObject({
      ref: 1,
      source: 'orion.md',
      title: 'Orion telescope',
      index: 0,
      cited: true,
    });
    expect(citations[0]!.text).toContain('four hours');
    expect(citations[1]).toMatchObject({ ref: 2, cited: false });
  });

  it('numbers continue across the searches of one run', async () => {
    const model = new ScriptedModel({
      turns: [
        { toolCalls: [{ name: 'search_knowledge', args: { query: 'orion battery charge' } }] },
        { toolCalls: [{ name: 'search_knowledge', args: { query: 'warranty defects' } }] },
        (request) =>
          `Done [${lastResults(request)
            .map((r) => r.ref)
            .join(', ')}].`,
      ],
    });
    const agent = new Agent({ model, tools: [kb.asTool({ topK: 2 })] });
    const result = await agent.run('Battery and warranty?');
    const first = lastResults(model.requests[1]!);
    const second = lastResults(model.requests[2]!);
    expect(first.map((r) => r.ref)).toEqual([1, 2]);
    const firstRefs = new Map(first.map((r) => [r.id, r.ref]));
    for (const r of second) {
      // A passage found again keeps its number; a new one continues after the first search's.
      if (firstRefs.has(r.id)) expect(r.ref).toBe(firstRefs.get(r.id));
      else expect(r.ref).toBeGreaterThan(2);
    }
    expect(second.some((r) => r.source === 'warranty.md')).toBe(true);
    const all = citationsOf(result);
    expect(all.map((c) => c.ref)).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
    expect(all.filter((c) => c.cited).map((c) => c.ref)).toEqual(
      second.map((r) => r.ref).sort((a, b) => a - b),
    );
  });

  it('citations survive storage: read from the tool call records of a JSON copy of the result', async () => {
    const model = new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'search_knowledge', args: { query: 'warranty' } }] }, 'Two years [1].'],
    });
    const result = await new Agent({ model, tools: [kb.asTool()] }).run('Warranty?');
    const stored = JSON.parse(JSON.stringify(result));
    expect(citationsOf(stored)).toEqual(citationsOf(result));
    expect(citationsOf(stored)[0]).toMatchObject({ ref: 1, source: 'warranty.md', cited: true });
  });

  it('a bad query goes back to the model as an error result', async () => {
    const model = new ScriptedModel({
      turns: [{ toolCalls: [{ name: 'search_knowledge', args: { query: '' } }] }, 'Sorry.'],
    });
    const result = await new Agent({ model, tools: [kb.asTool()] }).run('?');
    expect(result.toolCalls[0]).toMatchObject({ isError: true });
    expect(result.toolCalls[0]!.result).toContain('"query" must be a non-empty string');
    expect(citationsOf(result)).toEqual([]);
  });
});

describe('automatic context', () => {
  it('adds the best passages to the instructions, numbered, and citationsOf lists them', async () => {
    const model = new ScriptedModel({
      turns: [
        (request) => {
          const system = request.messages[0]!.content as string;
          return system.includes(
            '[1] Orion telescope (orion.md, part 1)\n# Battery\n\nCharge the Orion battery',
          )
            ? 'Four hours [1].'
            : 'I do not know.';
        },
      ],
    });
    const agent = new Agent({
      model,
      instructions: knowledgeInstructions(kb, { instructions: 'You are brief.', topK: 2, minScore: 0.1 }),
    });
    const result = await agent.run('How long should the Orion battery charge?');
    expect(result.text).toBe('Four hours [1].');
    expect((model.requests[0]!.messages[0]!.content as string).startsWith('You are brief.\n\n')).toBe(true);
    const citations = citationsOf(result, kb);
    expect(citations[0]).toMatchObject({ ref: 1, source: 'orion.md', cited: true });
    expect(citations.length).toBeLessThanOrEqual(2);
    // Without the knowledge base, only tool calls are read: the context's passages are not there.
    expect(citationsOf(result)).toEqual([]);
  });

  it('adds nothing when nothing passes minScore, and reads the last user message of a conversation', async () => {
    const model = new ScriptedModel({ turns: [(request) => String(request.messages[0]?.content ?? '')] });
    const agent = new Agent({
      model,
      instructions: knowledgeInstructions(kb, { instructions: 'Base.', minScore: 0.99 }),
    });
    expect((await agent.run('zzz qqq')).text).toBe('Base.');
    const withContext = new Agent({ model, instructions: knowledgeInstructions(kb, { topK: 1 }) });
    const result = await withContext.run([
      { role: 'user', content: 'Tell me about the lens.' },
      { role: 'assistant', content: 'Sure.' },
      { role: 'user', content: [{ type: 'text', text: 'What covers manufacturing defects?' }] },
    ]);
    expect(result.text).toContain('[1] Warranty (warranty.md, part 1)');
  });
});
