/**
 * Retrieval as a workflow step: a plain function of the step's context, so `@agno/knowledge`
 * does not depend on `@agno/workflow` (`step('retrieve', retrievalStep(kb))`).
 */
import { ValidationError } from '@agno/core';
import type { SearchHit, SearchOptions } from '../retrieval/types.js';
import { type Citation, citationOf, formatPassages } from './citations.js';
import type { KnowledgeLike } from './knowledge-like.js';

/** The part of a workflow `StepContext` the retrieval step reads. */
export interface RetrievalStepContext {
  readonly input: unknown;
  readonly previous: unknown;
  readonly signal: AbortSignal;
}

/** Options of {@link retrievalStep}. */
export interface RetrievalStepOptions extends Omit<SearchOptions, 'signal'> {
  /** The query from the step's context. Default: the previous step's output when it is text, else the workflow's input. */
  query?(ctx: RetrievalStepContext): string;
}

/** What the retrieval step outputs. */
export interface RetrievalStepOutput {
  query: string;
  hits: SearchHit[];
  /** The hits numbered `[1]`, `[2]`... */
  citations: Citation[];
  /** The passages as text for a prompt (`[n] title (source, part i)` and the text). */
  context: string;
}

/**
 * A workflow step function that searches `knowledge` and outputs the hits, their citations and a
 * prompt-ready `context` text: `step('retrieve', retrievalStep(kb, { topK: 3 }))`.
 */
export function retrievalStep(
  knowledge: KnowledgeLike,
  options: RetrievalStepOptions = {},
): (ctx: RetrievalStepContext) => Promise<RetrievalStepOutput> {
  const { query: pick = defaultQuery, ...search } = options;
  return async (ctx) => {
    const query = pick(ctx);
    if (typeof query !== 'string' || query.trim() === '') {
      throw new ValidationError(
        'retrievalStep: no query (give `query`, or pass text as the input or previous output)',
      );
    }
    const hits = await knowledge.search(query, { ...search, signal: ctx.signal });
    const citations = hits.map((hit, i) => citationOf(i + 1, hit));
    return { query, hits, citations, context: formatPassages(citations) };
  };
}

function defaultQuery(ctx: RetrievalStepContext): string {
  if (typeof ctx.previous === 'string' && ctx.previous.trim() !== '') return ctx.previous;
  return typeof ctx.input === 'string' ? ctx.input : '';
}
