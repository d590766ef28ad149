import { describe, expect, it } from 'vitest';
import { runCalls } from '../fixtures/agent.js';
import { calculatorToolkit, ExpressionError, evaluate } from '../index.js';

describe('evaluate', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['2 ^ 3 ^ 2', 512],
    ['2 ** 10', 1024],
    ['-2 ^ 2', -4],
    ['(-2) ^ 2', 4],
    ['--3', 3],
    ['10 / 4', 2.5],
    ['10 % 4', 2],
    ['0.1 + 0.2', 0.3],
    ['1e3 + 2.5E-1', 1000.25],
    ['.5 * 4', 2],
    ['1_000 * 2', 2000],
    ['sqrt(16) + abs(-3)', 7],
    ['max(1, 5, 3) - min(4, 2)', 3],
    ['round(2.345, 2)', 2.35],
    ['log(100) + ln(e)', 3],
    ['log(8, 2)', 3],
    ['2 × 3 ÷ 4 − 1', 0.5],
    ['PI * 2 - tau', 0],
    ['  7  ', 7],
  ])('%s = %d', (expression, expected) => {
    expect(evaluate(expression)).toBeCloseTo(expected, 12);
  });

  it.each([
    ['1 / 0', 'division by zero at position 3'],
    ['5 % 0', 'modulo by zero at position 3'],
    ['1 +', 'the expression ends too early at position 4'],
    ['(1 + 2', 'expected ")" but found "end of expression" at position 7'],
    ['1 + 2)', 'unexpected ")" at position 6'],
    ['2 $ 3', 'unexpected character "$" at position 3'],
    ['foo(1)', 'unknown function "foo" at position 1'],
    ['x + 1', 'unknown name "x" at position 1'],
    ['sqrt', 'function "sqrt" needs parentheses at position 1'],
    ['sqrt(1, 2)', 'sqrt() takes 1 argument(s), got 2 at position 1'],
    ['sqrt(-1)', 'the result is not a number'],
    ['10 ^ 400', 'the result is infinite'],
    ['constructor', 'unknown name "constructor" at position 1'],
    ['__proto__(1)', 'unexpected character "_" at position 1'],
    ['toString(1)', 'unknown function "tostring" at position 1'],
    ['process.exit(1)', 'unexpected "." at position 8'],
    ['process', 'unknown name "process" at position 1'],
    ['1.2.3', 'unexpected ".3" at position 4'],
  ])('%s fails: %s', (expression, message) => {
    expect(() => evaluate(expression)).toThrow(ExpressionError);
    expect(() => evaluate(expression)).toThrow(message);
  });

  it('refuses very long or deeply nested input', () => {
    expect(() => evaluate(`${'1+'.repeat(1500)}1`)).toThrow(/longer than 2000/);
    expect(() => evaluate(`${'('.repeat(100)}1${')'.repeat(100)}`)).toThrow(/nests deeper than 64/);
    expect(() => evaluate(`${'-'.repeat(100)}1`)).toThrow(/nests deeper than 64/);
  });
});

describe('calculatorToolkit', () => {
  it('gives the model numbers, and errors it can fix', async () => {
    const { seen, model } = await runCalls(
      [calculatorToolkit()],
      [
        { name: 'calculate', args: { expression: '(12.5 * 4) / 3' } },
        { name: 'calculate', args: { expression: '1 / (2 - 2)' } },
      ],
    );
    expect(model.requests[0]!.tools![0]).toMatchObject({ name: 'calculate', strict: true });
    expect(seen[0]!.content).toBe('16.6666666666667');
    expect(seen[1]).toMatchObject({ isError: true, content: 'division by zero at position 3' });
  });
});
