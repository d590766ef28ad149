/**
 * Where per-user spend is kept: in this process (a map), or in any core `DocumentStore` (shared by
 * every process on the store). Both charge atomically: of concurrent charges that would pass a
 * limit together, only those that fit succeed.
 */
import type { DocumentStore } from '@agno/core';

/** Tokens and cost spent (cost in the unit of the pricing given, e.g. US dollars). */
export interface Spend {
  tokens: number;
  cost: number;
}

/** Upper bounds on spend; a bound left out is not checked. */
export interface SpendLimit {
  tokens?: number;
  cost?: number;
}

/** Keeps spend by key (a user id), with atomic charges. */
export interface BudgetLedger {
  /** Adds `delta` to the key's spend only if the total stays within `limit`; whether it did. */
  tryCharge(key: string, delta: Spend, limit: SpendLimit): Promise<boolean>;
  /** Adds `delta` (negative to give back a reservation) whatever the limit. */
  charge(key: string, delta: Spend): Promise<void>;
  /** The key's spend so far. */
  spent(key: string): Promise<Spend>;
}

/** Whether `total` is within `limit`. */
export function withinLimit(total: Spend, limit: SpendLimit): boolean {
  return (
    (limit.tokens === undefined || total.tokens <= limit.tokens) &&
    (limit.cost === undefined || total.cost <= limit.cost)
  );
}

function add(a: Spend, b: Spend): Spend {
  return { tokens: a.tokens + b.tokens, cost: a.cost + b.cost };
}

const ZERO: Spend = Object.freeze({ tokens: 0, cost: 0 });

/** A ledger in this process's memory (spend is lost when the process ends). */
export class InMemoryLedger implements BudgetLedger {
  private readonly totals = new Map<string, Spend>();

  async tryCharge(key: string, delta: Spend, limit: SpendLimit): Promise<boolean> {
    const next = add(this.totals.get(key) ?? ZERO, delta);
    if (!withinLimit(next, limit)) return false;
    this.totals.set(key, next);
    return true;
  }

  async charge(key: string, delta: Spend): Promise<void> {
    this.totals.set(key, add(this.totals.get(key) ?? ZERO, delta));
  }

  async spent(key: string): Promise<Spend> {
    return { ...(this.totals.get(key) ?? ZERO) };
  }
}

/**
 * A ledger in a core `DocumentStore` (SQLite, Postgres, any store with documents). Each charge
 * writes the new total as the next version of the key's document with `putDocumentIfAbsent`, so
 * of two writers of one version exactly one wins and the other retries on the new total:
 * charges from any number of processes never overspend. One small document per charge is kept.
 */
export class DocumentLedger implements BudgetLedger {
  /** The last version seen per key (a hint: the store is read onwards from it). */
  private readonly versions = new Map<string, number>();

  constructor(
    private readonly store: DocumentStore,
    private readonly collection = 'agno-budgets',
  ) {}

  private id(key: string, version: number): string {
    return `${encodeURIComponent(key)}#${version}`;
  }

  /** The latest version of the key's total (0 with nothing spent). */
  private async latest(key: string): Promise<{ version: number; total: Spend }> {
    let version = this.versions.get(key) ?? 0;
    let total: Spend = ZERO;
    if (version > 0)
      total = (await this.store.getDocument<Spend>(this.collection, this.id(key, version))) ?? ZERO;
    for (;;) {
      const next = await this.store.getDocument<Spend>(this.collection, this.id(key, version + 1));
      if (next === undefined) break;
      version++;
      total = next;
    }
    this.versions.set(key, version);
    return { version, total };
  }

  /** Writes `update(total)` as the next version, retrying on a concurrent writer; false when it declines. */
  private async update(key: string, update: (total: Spend) => Spend | undefined): Promise<boolean> {
    for (;;) {
      const { version, total } = await this.latest(key);
      const next = update(total);
      if (next === undefined) return false;
      if (await this.store.putDocumentIfAbsent(this.collection, this.id(key, version + 1), next)) {
        this.versions.set(key, version + 1);
        return true;
      }
    }
  }

  tryCharge(key: string, delta: Spend, limit: SpendLimit): Promise<boolean> {
    return this.update(key, (total) => {
      const next = add(total, delta);
      return withinLimit(next, limit) ? next : undefined;
    });
  }

  async charge(key: string, delta: Spend): Promise<void> {
    await this.update(key, (total) => add(total, delta));
  }

  async spent(key: string): Promise<Spend> {
    return { ...(await this.latest(key)).total };
  }
}
