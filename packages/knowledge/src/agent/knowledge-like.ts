/**
 * The part of a `Knowledge` the agent helpers use (so they do not import the class).
 */
import type { SearchHit, SearchOptions } from '../retrieval/types.js';
import type { Citation } from './citations.js';

/** What the tool, the automatic context and the workflow step need of a knowledge base. */
export interface KnowledgeLike {
  search(query: string, options?: SearchOptions): Promise<SearchHit[]>;
  /** Numbers hits for a run (see `Knowledge.cite`). */
  cite(runId: string, hits: readonly SearchHit[]): Citation[];
}
