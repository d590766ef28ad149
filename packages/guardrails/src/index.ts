/**
 * @agno/guardrails: built-in guardrails for agno-ts agents. Each factory returns a core
 * `Guardrail` for `AgentOptions.guardrails` or `RunOptions.guardrails`.
 */
export { type BudgetGuardrailOptions, budgetGuardrail, type CallEstimate, type Pricing } from './budget.js';
export {
  type BudgetLedger,
  DocumentLedger,
  InMemoryLedger,
  type Spend,
  type SpendLimit,
} from './budget-ledger.js';
export { ibanValid, luhnValid } from './checksums.js';
export {
  INJECTION_RULES,
  type InjectionGuardrailOptions,
  type InjectionRule,
  injectionGuardrail,
  scoreInjection,
} from './injection.js';
export {
  type ModerationClient,
  type ModerationGuardrailOptions,
  type ModerationResult,
  moderationGuardrail,
} from './moderation.js';
export { type PiiGuardrailOptions, piiGuardrail } from './pii.js';
export * from './pii-detect.js';
