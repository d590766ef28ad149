/**
 * The knowledge search tool (agentic retrieval): the model searches the knowledge base when it
 * needs to, and gets numbered passages it can cite.
 */
import { type Tool, type ToolContext, ValidationError } from '@agno/core';
import type { SearchOptions } from '../retrieval/types.js';
import type { Citation } from './citations.js';
import type { KnowledgeLike } from './knowledge-like.js';

/** Options of {@link searchKnowledgeTool}. */
export interface SearchKnowledgeToolOptions extends Omit<SearchOptions, 'signal'> {
  /** The tool's name. Default `search_knowledge`. */
  name?: string;
  /** What the knowledge base holds, for the model (it decides when to search from this). */
  description?: string;
  /** Text added to the agent's instructions. Default: search before answering, cite `[n]`. */
  instructions?: string;
}

/** The arguments of the knowledge search tool. */
export interface SearchKnowledgeArgs {
  /** What to look for. */
  query: string;
}

/** What the knowledge search tool returns: the passages found, numbered for citation. */
export interface SearchKnowledgeResult {
  results: Citation[];
}

/**
 * A tool that searches `knowledge` and returns the passages found as `{ results: Citation[] }`,
 * numbered per run (see `citationsOf` for getting them back from the run's result). A core
 * `Tool`: no schema library needed.
 */
export function searchKnowledgeTool(
  knowledge: KnowledgeLike,
  options: SearchKnowledgeToolOptions = {},
): Tool<SearchKnowledgeArgs, SearchKnowledgeResult> {
  const { name = 'search_knowledge', description, instructions, ...search } = options;
  return {
    name,
    description:
      description ??
      'Searches the knowledge base and returns the passages that best match the query, numbered for citation.',
    parameters: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'What to look for, in a few words or a question.' },
      },
      required: ['query'],
      additionalProperties: false,
    },
    strict: true,
    instructions:
      instructions ??
      `Use the ${name} tool to look up facts in the knowledge base before answering. Cite the passages you use by their number in brackets, like [1].`,
    async execute(args: SearchKnowledgeArgs, context: ToolContext): Promise<SearchKnowledgeResult> {
      const query = (args as { query?: unknown } | undefined)?.query;
      if (typeof query !== 'string' || query.trim() === '') {
        throw new ValidationError(`${name}: "query" must be a non-empty string`);
      }
      const hits = await knowledge.search(query, { ...search, signal: context.signal });
      return { results: knowledge.cite(context.runId, hits) };
    },
  };
}
