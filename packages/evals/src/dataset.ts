/**
 * Datasets from JSON (an array of cases, or `{ cases: [...] }`) or JSONL (one case a line),
 * checked case by case: a bad case is a `ValidationError` naming its line (JSONL) or index
 * (JSON) and the field.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ValidationError } from '@agno/core';
import type { EvalCase } from './types.js';

/** How a dataset text is laid out. */
export type DatasetFormat = 'json' | 'jsonl';

/** Options of {@link parseDataset}. */
export interface ParseDatasetOptions {
  /** Layout; default: `jsonl` unless the text starts with `[` or the source ends in `.json`. */
  format?: DatasetFormat;
  /** Where the text came from, for error messages. */
  source?: string;
}

const CASE_KEYS = new Set(['id', 'input', 'expected', 'expectedTools', 'metadata']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(where: string, field: string, problem: string): never {
  throw new ValidationError(`${where}: field "${field}" ${problem}`, [`${field}: ${problem}`], {
    details: { where, field },
  });
}

function checkInput(where: string, input: unknown): void {
  if (typeof input === 'string') return;
  const ok = (m: unknown) => isObject(m) && typeof m.role === 'string';
  if (ok(input) || (Array.isArray(input) && input.length > 0 && input.every(ok))) return;
  fail(where, 'input', input === undefined ? 'is missing' : 'must be a string, a message or messages');
}

function checkTools(where: string, tools: unknown): void {
  if (!Array.isArray(tools)) fail(where, 'expectedTools', 'must be an array');
  tools.forEach((t, i) => {
    if (typeof t === 'string' && t !== '') return;
    if (isObject(t) && typeof t.name === 'string' && t.name !== '') return;
    fail(where, `expectedTools[${i}]`, 'must be a tool name or { name, args? }');
  });
}

/** Checks one parsed case; `where` names it in errors ("smoke.jsonl line 3"). */
export function validateCase(value: unknown, where: string): EvalCase {
  if (!isObject(value)) throw new ValidationError(`${where}: a case must be a JSON object`);
  for (const key of Object.keys(value)) {
    if (!CASE_KEYS.has(key))
      fail(where, key, 'is not a case field (id, input, expected, expectedTools, metadata)');
  }
  checkInput(where, value.input);
  if (value.id !== undefined && typeof value.id !== 'string') fail(where, 'id', 'must be a string');
  if (value.expectedTools !== undefined) checkTools(where, value.expectedTools);
  if (value.metadata !== undefined && !isObject(value.metadata)) fail(where, 'metadata', 'must be an object');
  return value as unknown as EvalCase;
}

function parseJSONText(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`${where}: not valid JSON (${(error as Error).message})`);
  }
}

/** Parses and checks a dataset. Throws a `ValidationError` naming the line or index and the field. */
export function parseDataset(text: string, options: ParseDatasetOptions = {}): EvalCase[] {
  const source = options.source ?? 'dataset';
  const format =
    options.format ?? (source.endsWith('.json') || text.trimStart().startsWith('[') ? 'json' : 'jsonl');
  if (format === 'json') {
    const value = parseJSONText(text, source);
    const list = isObject(value) ? value.cases : value;
    if (!Array.isArray(list))
      throw new ValidationError(`${source}: expected an array of cases or { cases: [...] }`);
    return list.map((c, i) => validateCase(c, `${source} case ${i}`));
  }
  const cases: EvalCase[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('//')) continue;
    const where = `${source} line ${i + 1}`;
    cases.push(validateCase(parseJSONText(line, where), where));
  }
  return cases;
}

/** Reads and parses a dataset file (`.json` or `.jsonl`); a path is relative to the working directory. */
export function loadDataset(
  file: string | URL,
  options: Omit<ParseDatasetOptions, 'source'> = {},
): EvalCase[] {
  const path = file instanceof URL ? fileURLToPath(file) : file;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ValidationError(`cannot read the dataset ${path}: ${(error as Error).message}`);
  }
  return parseDataset(text, { ...options, source: path });
}
