/**
 * The calculator toolkit: one `calculate` tool that evaluates arithmetic expressions with
 * the package's own safe parser (see expression.ts). Integers are exact at any size; a result
 * whose digits may be wrong says it was rounded.
 */
import { z } from 'zod';
import { tool } from '../define-tool.js';
import { Toolkit, type ToolkitSharedOptions } from '../toolkit.js';
import { calculate, EXPRESSION_CONSTANTS, EXPRESSION_FUNCTIONS } from './expression.js';
import { once } from './once.js';

/** Options of {@link calculatorToolkit}. */
export interface CalculatorOptions extends ToolkitSharedOptions {
  /** Toolkit name. Default `calculator`. */
  name?: string;
}

const parameters = once(() =>
  z.object({
    expression: z
      .string()
      .describe(
        'An arithmetic expression, e.g. "(12.5 * 4) / 3 + sqrt(2) ^ 2". Operators: + - * / % ^; parentheses.',
      ),
  }),
);

/** A toolkit with a `calculate` tool for exact arithmetic (no eval: a small parser of its own). */
export function calculatorToolkit(options: CalculatorOptions = {}): Toolkit {
  return new Toolkit({
    ...options,
    name: options.name ?? 'calculator',
    instructions: 'Use the calculate tool for any arithmetic instead of computing in your head.',
    tools: () => [
      tool({
        name: 'calculate',
        description: `Evaluates an arithmetic expression and returns the number. Integer arithmetic is exact at any size; other results have 15 significant digits, and a result that lost digits says so. Functions: ${EXPRESSION_FUNCTIONS.join(', ')}. Constants: ${EXPRESSION_CONSTANTS.join(', ')}.`,
        parameters: parameters(),
        strict: true,
        execute: ({ expression }) => calculate(expression).text,
      }),
    ],
  });
}
