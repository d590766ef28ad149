/**
 * The fake server's moderation endpoint (`POST /v1/moderations`), in OpenAI's wire format: one
 * result per input text, with `flagged`, `categories` and `category_scores`. Scores come from a
 * scorer the test gives, or from a small word list (a fake: it knows a handful of words).
 */
import type { ServerResponse } from 'node:http';

/** Scores a text: category name → score in 0..1; a category at 0.5 or more is flagged. */
export type FakeModerator = (input: string) => Record<string, number>;

/** The categories OpenAI's moderation models report. */
const CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
];

const WORDS: [RegExp, string][] = [
  [/\b(?:kill|murder|bomb|shoot)\b/i, 'violence'],
  [/\b(?:idiot|moron|loser)\b/i, 'harassment'],
  [/\bhurt myself\b/i, 'self-harm'],
];

/** The default scorer: the word list above. */
export const wordListModerator: FakeModerator = (input) => {
  const scores: Record<string, number> = {};
  for (const [re, category] of WORDS) if (re.test(input)) scores[category] = 0.93;
  return scores;
};

/** The texts of a moderation request's `input` (a string, strings, or multimodal parts). */
function inputs(body: any): string[] {
  const input = body?.input;
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input)) return [];
  return input.map((item: any) =>
    typeof item === 'string' ? item : typeof item?.text === 'string' ? item.text : '',
  );
}

/** Answers a moderation request. */
export function sendModeration(res: ServerResponse, body: any, n: number, moderate: FakeModerator): void {
  const results = inputs(body).map((text) => {
    const scores = moderate(text);
    const categories: Record<string, boolean> = {};
    const category_scores: Record<string, number> = {};
    for (const c of new Set([...CATEGORIES, ...Object.keys(scores)])) {
      category_scores[c] = scores[c] ?? 0.0001;
      categories[c] = category_scores[c]! >= 0.5;
    }
    return {
      flagged: Object.values(categories).some(Boolean),
      categories,
      category_scores,
      category_applied_input_types: Object.fromEntries(Object.keys(categories).map((c) => [c, ['text']])),
    };
  });
  const text = JSON.stringify({ id: `modr-${n}`, model: body?.model ?? 'omni-moderation-latest', results });
  res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': `req_${n}` });
  res.end(text);
}
