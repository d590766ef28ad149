import { describe, expect, it } from 'vitest';
import { runCalls } from '../fixtures/agent.js';
import { calculate, calculatorToolkit, ExpressionError, evaluate } from './index.js';

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
    ['2^53', '9007199254740992'],
    ['2^53 + 1', '9007199254740993'],
    ['1234567890123456 + 1', '1234567890123457'],
    ['99999999999999999 * 3', '299999999999999997'],
    ['-2^63', '-9223372036854775808'],
    ['2^64 / 2^32', '4294967296'],
    ['(10^20 + 7) % 10', '7'],
    ['123456789012345678901234567890 - 1', '123456789012345678901234567889'],
    ['10 ^ 400', `1${'0'.repeat(400)}`],
  ])('integers are exact: %s = %s', (expression, text) => {
    expect(calculate(expression)).toEqual({
      value:
        BigInt(text) <= BigInt(Number.MAX_SAFE_INTEGER) && BigInt(text) >= BigInt(Number.MIN_SAFE_INTEGER)
          ? Number(text)
          : BigInt(text),
      rounded: false,
      text,
    });
  });

  it.each([
    ['2^53 * 1.5', '13510798882111500 (rounded to 15 significant digits)'],
    ['12345678901234567 * 0.5', '6172839450617280 (rounded to 15 significant digits)'],
    ['(2^53 * 1.0 + 1) - 2^53', '0 (rounded to 15 significant digits)'],
    ['1e20 + 1', '100000000000000000000 (rounded to 15 significant digits)'],
  ])('a floating-point result that may have lost digits says so: %s', (expression, text) => {
    expect(calculate(expression)).toMatchObject({ rounded: true, text });
  });

  it.each([
    ['1234567890123456 * 1.5', '1851851835185184'],
    ['10 / 4', '2.5'],
    ['0.1 + 0.2', '0.3'],
    ['7 / 3', '2.33333333333333'],
  ])('other results are not marked: %s = %s', (expression, text) => {
    expect(calculate(expression)).toMatchObject({ rounded: false, text });
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
    ['10.0 ^ 400', 'the result is infinite'],
    ['10 ^ 1000', 'the result has more than 1000 digits'],
    ['2 ^ 100000', 'the result has more than 1000 digits'],
    ['(10^999) * (10^999)', 'the result has more than 1000 digits'],
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

  it('gives the model every digit of large integers, through an agent', async () => {
    const { seen } = await runCalls(
      [calculatorToolkit()],
      [
        { name: 'calculate', args: { expression: '2^53 + 1' } },
        { name: 'calculate', args: { expression: '1234567890123456 + 1' } },
        { name: 'calculate', args: { expression: '2^60 * 0.5' } },
      ],
    );
    expect(seen.map((m) => m.content)).toEqual([
      '9007199254740993',
      '1234567890123457',
      '576460752303423000 (rounded to 15 significant digits)',
    ]);
  });
});
