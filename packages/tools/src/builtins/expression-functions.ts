/**
 * The functions and constants a calculator expression may use: prototype-free tables, so no
 * user-given name reaches an object's properties. Functions work on doubles.
 */

/** A function of the calculator: its arity and its code. */
export type Fn = { min: number; max: number; run: (...args: number[]) => number };

/** The functions, by lower-case name. */
export const FUNCTIONS: Record<string, Fn> = Object.assign(Object.create(null) as Record<string, Fn>, {
  abs: { min: 1, max: 1, run: Math.abs },
  sqrt: { min: 1, max: 1, run: Math.sqrt },
  cbrt: { min: 1, max: 1, run: Math.cbrt },
  exp: { min: 1, max: 1, run: Math.exp },
  ln: { min: 1, max: 1, run: Math.log },
  log: {
    min: 1,
    max: 2,
    run: (x: number, base?: number) => (base === undefined ? Math.log10(x) : Math.log(x) / Math.log(base)),
  },
  log10: { min: 1, max: 1, run: Math.log10 },
  log2: { min: 1, max: 1, run: Math.log2 },
  sin: { min: 1, max: 1, run: Math.sin },
  cos: { min: 1, max: 1, run: Math.cos },
  tan: { min: 1, max: 1, run: Math.tan },
  asin: { min: 1, max: 1, run: Math.asin },
  acos: { min: 1, max: 1, run: Math.acos },
  atan: { min: 1, max: 1, run: Math.atan },
  atan2: { min: 2, max: 2, run: Math.atan2 },
  sinh: { min: 1, max: 1, run: Math.sinh },
  cosh: { min: 1, max: 1, run: Math.cosh },
  tanh: { min: 1, max: 1, run: Math.tanh },
  floor: { min: 1, max: 1, run: Math.floor },
  ceil: { min: 1, max: 1, run: Math.ceil },
  round: {
    min: 1,
    max: 2,
    run: (x: number, digits?: number) => {
      if (digits === undefined) return Math.round(x);
      const f = 10 ** Math.trunc(digits);
      return Math.round(x * f) / f;
    },
  },
  trunc: { min: 1, max: 1, run: Math.trunc },
  sign: { min: 1, max: 1, run: Math.sign },
  min: { min: 1, max: 100, run: Math.min },
  max: { min: 1, max: 100, run: Math.max },
  pow: { min: 2, max: 2, run: (a: number, b: number) => a ** b },
  hypot: { min: 1, max: 100, run: Math.hypot },
});

/** The constants, by lower-case name. */
export const CONSTANTS: Record<string, number> = Object.assign(
  Object.create(null) as Record<string, number>,
  {
    pi: Math.PI,
    e: Math.E,
    tau: 2 * Math.PI,
  },
);
