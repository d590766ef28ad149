/**
 * Citations: the numbered passages a run's model was given (by the search tool or the automatic
 * context), and how to get them back from a run's result for a UI to render.
 */
import type { RunResult } from '@agno/core';
import type { SearchHit } from '../retrieval/types.js';

/** A passage given to a model, numbered so the answer can cite it as `[ref]`. */
export interface Citation {
  /** The number the model saw (`[1]`), unique within a run. */
  ref: number;
  /** The chunk's id. */
  id: string;
  /** The document's source (path, URL...). */
  source: string;
  /** The document's title. */
  title?: string;
  /** The chunk's position in its document, from 0. */
  index: number;
  /** The search score. */
  score: number;
  /** The passage's text. */
  text: string;
}

/** A citation of an answer: `cited` when the answer's text refers to its number. */
export interface AnswerCitation extends Citation {
  cited: boolean;
}

/**
 * Numbers passages per run, so that the search tool and the automatic context never give two
 * passages one number in a run, and a passage found twice keeps its number. Keeps the last
 * `maxRuns` runs.
 */
export class CitationRegistry {
  readonly #runs = new Map<string, Map<string, Citation>>();
  readonly #maxRuns: number;

  constructor(maxRuns = 1000) {
    this.#maxRuns = maxRuns;
  }

  /** Numbers `hits` for `runId` (continuing the run's numbers); one citation per hit, in order. */
  cite(runId: string, hits: readonly SearchHit[]): Citation[] {
    let run = this.#runs.get(runId);
    if (run === undefined) {
      run = new Map();
      this.#runs.set(runId, run);
      if (this.#runs.size > this.#maxRuns) this.#runs.delete(this.#runs.keys().next().value!);
    }
    const out: Citation[] = [];
    for (const hit of hits) {
      let citation = run.get(hit.id);
      if (citation === undefined) {
        citation = citationOf(run.size + 1, hit);
        run.set(hit.id, citation);
      }
      out.push(citation);
    }
    return out;
  }

  /** The citations numbered for `runId`, by number (empty when none, or forgotten). */
  of(runId: string): Citation[] {
    return [...(this.#runs.get(runId)?.values() ?? [])];
  }
}

/** The citation numbered `ref` for `hit`. */
export function citationOf(ref: number, hit: SearchHit): Citation {
  const citation: Citation = {
    ref,
    id: hit.id,
    source: hit.source,
    index: hit.index,
    score: hit.score,
    text: hit.text,
  };
  if (hit.title !== undefined) citation.title = hit.title;
  return citation;
}

/** What {@link citationsOf} reads from a run's result. */
export type CitedResult = Pick<RunResult, 'runId' | 'text' | 'toolCalls'>;

/**
 * The citations of a run's answer, by number: the passages the knowledge search tool returned
 * (read from the run's tool calls, so a stored run works too) and, with `registry` (a
 * `Knowledge`'s), the passages its automatic context gave. `cited` tells which the answer's text
 * refers to (`[2]`, `[1, 3]`).
 */
export function citationsOf(
  result: CitedResult,
  registry?: { citationsFor(runId: string): Citation[] },
): AnswerCitation[] {
  const byRef = new Map<number, Citation>();
  for (const citation of registry?.citationsFor(result.runId) ?? []) byRef.set(citation.ref, citation);
  for (const call of result.toolCalls) {
    if (call.isError) continue;
    for (const citation of toolCitations(call.result))
      if (!byRef.has(citation.ref)) byRef.set(citation.ref, citation);
  }
  const cited = refsIn(result.text);
  return [...byRef.values()]
    .sort((a, b) => a.ref - b.ref)
    .map((citation) => ({ ...citation, cited: cited.has(citation.ref) }));
}

/** The citations in a knowledge search tool's result text (none for other tools' results). */
function toolCitations(result: string): Citation[] {
  if (!result.startsWith('{"results":')) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(result);
  } catch {
    return [];
  }
  const results = (parsed as { results?: unknown }).results;
  if (!Array.isArray(results)) return [];
  return results.filter(
    (r): r is Citation =>
      typeof r === 'object' &&
      r !== null &&
      Number.isInteger(r.ref) &&
      typeof r.id === 'string' &&
      typeof r.source === 'string' &&
      typeof r.text === 'string',
  );
}

/** The numbers cited in `text` as `[n]` or `[n, m]`. */
export function refsIn(text: string): Set<number> {
  const refs = new Set<number>();
  for (const match of text.matchAll(/\[(\d+(?:\s*,\s*\d+)*)\]/g)) {
    for (const n of match[1]!.split(',')) refs.add(Number(n));
  }
  return refs;
}

/** Passages as a model reads them: `[ref] title (source, part n)` then the text, blank-line separated. */
export function formatPassages(citations: readonly Citation[]): string {
  return citations
    .map((c) => {
      const where = c.title === undefined ? c.source : `${c.title} (${c.source}, part ${c.index + 1})`;
      return `[${c.ref}] ${c.title === undefined ? `${where}, part ${c.index + 1}` : where}\n${c.text}`;
    })
    .join('\n\n');
}
