import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../retrieval/types.js';
import { CitationRegistry, citationsOf, formatPassages, refsIn } from './citations.js';
import { retrievalStep } from './step.js';

const hit = (id: string, extra: Partial<SearchHit> = {}): SearchHit => ({
  id,
  source: `${id}.md`,
  index: 0,
  text: `text of ${id}`,
  score: 0.5,
  metadata: {},
  ...extra,
});

describe('CitationRegistry', () => {
  it('numbers per run, continues, and keeps the number of a passage found again', () => {
    const registry = new CitationRegistry();
    expect(registry.cite('r1', [hit('a'), hit('b')]).map((c) => c.ref)).toEqual([1, 2]);
    expect(registry.cite('r1', [hit('c'), hit('a')]).map((c) => c.ref)).toEqual([3, 1]);
    expect(registry.cite('r2', [hit('c')]).map((c) => c.ref)).toEqual([1]);
    expect(registry.of('r1').map((c) => c.id)).toEqual(['a', 'b', 'c']);
  });

  it('forgets the oldest runs past its bound', () => {
    const registry = new CitationRegistry(2);
    for (const run of ['r1', 'r2', 'r3']) registry.cite(run, [hit('a')]);
    expect(registry.of('r1')).toEqual([]);
    expect(registry.of('r3')).toHaveLength(1);
  });
});

describe('citationsOf', () => {
  it('ignores other tools’ results and failed calls, and marks what the text cites', () => {
    const citation = { ref: 2, id: 'x', source: 'x.md', index: 1, score: 0.4, text: 'x' };
    const citations = citationsOf({
      runId: 'r',
      text: 'See [2] and [7, 9].',
      toolCalls: [
        { id: '1', name: 'other', args: {}, result: '{"results":"nope"}', isError: false, durationMs: 1 },
        { id: '2', name: 'weather', args: {}, result: 'sunny', isError: false, durationMs: 1 },
        { id: '3', name: 'search_knowledge', args: {}, result: 'boom', isError: true, durationMs: 1 },
        {
          id: '4',
          name: 'search_knowledge',
          args: {},
          result: JSON.stringify({ results: [citation] }),
          isError: false,
          durationMs: 1,
        },
      ],
    });
    expect(citations).toEqual([{ ...citation, cited: true }]);
  });

  it('reads [n] and [n, m] references', () => {
    expect([...refsIn('a [1] b [2, 3] c [x] [10]')]).toEqual([1, 2, 3, 10]);
  });
});

describe('formatPassages', () => {
  it('writes numbered passages with title, source and part', () => {
    expect(
      formatPassages([
        { ref: 1, id: 'a', source: 'a.md', title: 'A', index: 0, score: 1, text: 'alpha' },
        { ref: 2, id: 'b', source: 'b.md', index: 3, score: 1, text: 'beta' },
      ]),
    ).toBe('[1] A (a.md, part 1)\nalpha\n\n[2] b.md, part 4\nbeta');
  });
});

describe('retrievalStep', () => {
  const knowledge = {
    queries: [] as string[],
    async search(query: string) {
      this.queries.push(query);
      return [hit('a', { title: 'A' }), hit('b')];
    },
    cite: () => [],
  };

  it('searches with the previous output (text) or the input, and outputs hits, citations and context', async () => {
    const step = retrievalStep(knowledge, { topK: 2 });
    const signal = new AbortController().signal;
    const out = await step({ input: 'from input', previous: undefined, signal });
    expect(out.query).toBe('from input');
    expect(out.citations.map((c) => c.ref)).toEqual([1, 2]);
    expect(out.context).toBe('[1] A (a.md, part 1)\ntext of a\n\n[2] b.md, part 1\ntext of b');
    await step({ input: 'from input', previous: 'from previous', signal });
    expect(knowledge.queries).toEqual(['from input', 'from previous']);
  });

  it('asks for a query when there is no text to search with', async () => {
    const error = await retrievalStep(knowledge)({
      input: { n: 1 },
      previous: 3,
      signal: AbortSignal.timeout(1000),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'validation_error' });
  });
});
