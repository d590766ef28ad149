/**
 * The smoke eval (datasets/smoke.eval.mjs over datasets/smoke.jsonl) as a vitest suite: one
 * test per case and the threshold, so `npm test` runs it.
 */
import smoke from '../datasets/smoke.eval.mjs';
import { describeEval } from './vitest/index.js';

describeEval('smoke eval', smoke);
