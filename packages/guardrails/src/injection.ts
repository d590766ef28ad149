/**
 * Prompt-injection heuristics: a scored list of phrasings that injected instructions commonly
 * use. A first line of defence only: rewording defeats any list, so pair it with least-privilege
 * tools, confirmations for risky calls, and a classifier model where the stakes are high.
 */
import type { Guardrail, GuardrailVerdict } from '@agno/core';

/** One known phrasing and how strongly it suggests an injection (0..1). */
export interface InjectionRule {
  /** Short id, reported in a block's details. */
  id: string;
  pattern: RegExp;
  score: number;
}

/** The built-in phrasings. */
export const INJECTION_RULES: readonly InjectionRule[] = [
  {
    id: 'ignore-previous',
    pattern:
      /\b(?:ignore|disregard|forget|override)\b.{0,40}\b(?:previous|prior|above|earlier|all|your|system)\b.{0,20}\b(?:instructions?|rules|prompts?|directions|guidelines)\b/i,
    score: 0.8,
  },
  {
    id: 'reveal-prompt',
    pattern:
      /\b(?:reveal|show|print|repeat|output|leak|tell me)\b.{0,30}\b(?:system prompt|hidden (?:prompt|instructions)|initial instructions|your instructions)\b/i,
    score: 0.7,
  },
  {
    id: 'new-instructions',
    pattern: /\b(?:new|updated|real|actual) (?:instructions|rules|system prompt)\s*[:-]/i,
    score: 0.5,
  },
  {
    id: 'role-override',
    pattern:
      /\byou are (?:now|no longer)\b|\bfrom now on,? you (?:are|will|must)\b|\bact as (?:an? )?(?:unrestricted|unfiltered|jailbroken)\b/i,
    score: 0.5,
  },
  {
    id: 'jailbreak-names',
    pattern: /\b(?:DAN|do anything now|developer mode|jailbreak(?:ed)?|god mode)\b/i,
    score: 0.6,
  },
  {
    id: 'fake-system',
    pattern: /(?:^|\n)\s*(?:\[?system\]?|<\|?system\|?>|###\s*system)\s*[:>]/i,
    score: 0.6,
  },
  {
    id: 'no-restrictions',
    pattern:
      /\b(?:without|no|bypass|ignore)\b.{0,20}\b(?:restrictions|filters|safety|guardrails|content polic(?:y|ies))\b/i,
    score: 0.4,
  },
  {
    id: 'exfiltrate',
    pattern:
      /\b(?:send|post|upload|forward|email)\b.{0,40}\b(?:api keys?|passwords?|credentials|secrets|tokens?|conversation history)\b/i,
    score: 0.5,
  },
];

/** Options of {@link injectionGuardrail}. */
export interface InjectionGuardrailOptions {
  /** Named in errors. Default `prompt-injection`. */
  name?: string;
  /** Block when the summed scores of the rules that match reach this. Default 0.7. */
  threshold?: number;
  /** Extra rules, added to the built-in ones. */
  rules?: readonly InjectionRule[];
  /** Also check tool results (text fetched from the web or files: indirect injection). Default true. */
  toolResults?: boolean;
}

/** The rules that match `text` and their summed score. */
export function scoreInjection(
  text: string,
  rules: readonly InjectionRule[] = INJECTION_RULES,
): { score: number; matched: string[] } {
  let score = 0;
  const matched: string[] = [];
  for (const r of rules) {
    r.pattern.lastIndex = 0;
    if (r.pattern.test(text)) {
      score += r.score;
      matched.push(r.id);
    }
  }
  return { score, matched };
}

/**
 * A guardrail that blocks input (and tool results, by default) whose injection score reaches the
 * threshold. Heuristics catch the common phrasings, not a determined attacker.
 */
export function injectionGuardrail(options: InjectionGuardrailOptions = {}): Guardrail {
  const rules = [...INJECTION_RULES, ...(options.rules ?? [])];
  const threshold = options.threshold ?? 0.7;
  const check = (text: string): GuardrailVerdict => {
    const { score, matched } = scoreInjection(text, rules);
    if (score < threshold) return undefined;
    return {
      block: `the text looks like a prompt injection (score ${score.toFixed(2)})`,
      details: { score, rules: matched },
    };
  };
  const name = options.name ?? 'prompt-injection';
  return options.toolResults === false ? { name, input: check } : { name, input: check, afterTool: check };
}
