/**
 * Automatic context: before every run, the knowledge base is searched with the run's input and
 * the best passages are added to the agent's instructions, numbered for citation.
 */
import { type InstructionContext, type Message, messageText } from '@agno/core';
import type { SearchOptions } from '../retrieval/types.js';
import { type Citation, formatPassages } from './citations.js';
import type { KnowledgeLike } from './knowledge-like.js';

/** Options of {@link knowledgeInstructions}. */
export interface KnowledgeInstructionsOptions extends Omit<SearchOptions, 'signal'> {
  /** The agent's own instructions (a string, or a function of the run), put first. */
  instructions?: string | ((ctx: InstructionContext) => string | Promise<string>);
  /** Writes the passages into the prompt. Default: a short header, then `[n] title (source, part i)` and the text. */
  format?(citations: readonly Citation[]): string;
}

/**
 * An instructions function for an agent (`new Agent({ instructions: knowledgeInstructions(kb) })`)
 * that searches `knowledge` with each run's input and adds the passages found to `instructions`,
 * numbered per run like the search tool's, so `citationsOf(result, knowledge)` lists them.
 * Nothing is added when nothing is found (use `minScore` to keep weak matches out).
 */
export function knowledgeInstructions(
  knowledge: KnowledgeLike,
  options: KnowledgeInstructionsOptions = {},
): (ctx: InstructionContext) => Promise<string> {
  const { instructions, format = defaultFormat, ...search } = options;
  return async (ctx) => {
    const base = typeof instructions === 'function' ? await instructions(ctx) : (instructions ?? '');
    const query = queryOf(ctx.input);
    if (query === '') return base;
    const hits = await knowledge.search(query, search);
    if (hits.length === 0) return base;
    const context = format(knowledge.cite(ctx.runId, hits));
    return base === '' ? context : `${base}\n\n${context}`;
  };
}

function defaultFormat(citations: readonly Citation[]): string {
  return `Passages from the knowledge base that may help. Answer from them when they are relevant, and cite the ones you use by number, like [1].\n\n${formatPassages(citations)}`;
}

/** The text a run was asked: its input text, or the last user message's. */
export function queryOf(input: string | Message | Message[]): string {
  if (typeof input === 'string') return input.trim();
  if (!Array.isArray(input)) return input.role === 'user' ? messageText(input).trim() : '';
  for (let i = input.length - 1; i >= 0; i--)
    if (input[i]!.role === 'user') return messageText(input[i]!).trim();
  return '';
}
