/**
 * Maps the model's `null`s back to "left out" for optional properties. In strict mode
 * optional properties are sent as required and nullable, so the model answers `null` for
 * "not given"; many models do so even without strict mode. Before validation, a property
 * that the original schema marks optional and that does not accept `null` itself loses its
 * `null` (so a default applies, and `execute` sees `undefined`). A property that accepts
 * `null` keeps it. The plan is built once from the JSON Schema; restoring copies only the
 * objects it changes.
 */
import type { JSONSchema } from '../index.js';
import { acceptsNull, isNode, isObjectType } from './strict-schema.js';

/** Returns the value with nulls of optional properties removed (the input is never modified). */
export type NullRestorer = (value: unknown) => unknown;

type Node = Record<string, unknown>;

interface ObjectPlan {
  kind: 'object';
  active: boolean;
  /** Optional properties that do not accept null: a null there means "left out". */
  nulls: string[];
  /** Properties whose values may hold such nulls deeper down. */
  props: [string, Plan][];
  /** Every declared property (to pick a union branch). */
  keys: Set<string>;
  /** Properties with a constant value (discriminators of a union). */
  consts: [string, unknown][];
}
interface ArrayPlan {
  kind: 'array';
  active: boolean;
  items: Plan;
}
interface UnionPlan {
  kind: 'union';
  active: boolean;
  branches: Plan[];
}
interface RefPlan {
  kind: 'ref';
  active: boolean;
  target: Plan | undefined;
  pointer: string;
}
type Plan = ObjectPlan | ArrayPlan | UnionPlan | RefPlan;

/**
 * Builds the restorer for a JSON Schema, or returns `undefined` when no property anywhere
 * needs it (then arguments go to validation untouched, at no cost).
 */
export function createNullRestorer(schema: JSONSchema): NullRestorer | undefined {
  const builder = new PlanBuilder(schema);
  const root = builder.build(schema);
  if (root === undefined) return undefined;
  builder.finish(root);
  if (!root.active) return undefined;
  return (value) => restore(value, root);
}

class PlanBuilder {
  readonly all: Plan[] = [];
  private readonly refs: RefPlan[] = [];
  private readonly byPointer = new Map<string, Plan | undefined>();

  constructor(private readonly root: JSONSchema) {}

  build(node: unknown): Plan | undefined {
    if (!isNode(node)) return undefined;
    let plan: Plan | undefined;
    if (typeof node.$ref === 'string') {
      plan = { kind: 'ref', active: false, target: undefined, pointer: node.$ref };
      this.refs.push(plan);
    } else if (Array.isArray(node.anyOf) || Array.isArray(node.oneOf)) {
      const branches: Plan[] = [];
      for (const b of [...((node.anyOf as unknown[]) ?? []), ...((node.oneOf as unknown[]) ?? [])]) {
        const p = this.build(b);
        if (p !== undefined) branches.push(p);
      }
      if (branches.length > 0) plan = { kind: 'union', active: false, branches };
    } else if (isObjectType(node) && isNode(node.properties)) {
      plan = this.object(node);
    } else if (isNode(node.items)) {
      const items = this.build(node.items);
      if (items !== undefined) plan = { kind: 'array', active: false, items };
    }
    if (plan !== undefined) this.all.push(plan);
    return plan;
  }

  private object(node: Node): ObjectPlan {
    const props = node.properties as Node;
    const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
    const plan: ObjectPlan = {
      kind: 'object',
      active: false,
      nulls: [],
      props: [],
      keys: new Set(Object.keys(props)),
      consts: [],
    };
    for (const [key, child] of Object.entries(props)) {
      if (!required.has(key) && !acceptsNull(child)) plan.nulls.push(key);
      const sub = this.build(child);
      if (sub !== undefined) plan.props.push([key, sub]);
      if (isNode(child)) {
        if ('const' in child) plan.consts.push([key, child.const]);
        else if (Array.isArray(child.enum) && child.enum.length === 1) plan.consts.push([key, child.enum[0]]);
      }
    }
    return plan;
  }

  /** Resolves references and computes which plans have work to do. */
  finish(root: Plan): void {
    this.byPointer.set('#', root);
    // resolving may build plans with references of their own: the loop picks them up
    for (let i = 0; i < this.refs.length; i++) {
      const ref = this.refs[i]!;
      ref.target = this.resolve(ref.pointer);
    }
    let changed = true;
    while (changed) {
      changed = false;
      for (const plan of this.all) {
        if (plan.active) continue;
        if (isActive(plan)) {
          plan.active = true;
          changed = true;
        }
      }
    }
  }

  private resolve(pointer: string): Plan | undefined {
    if (this.byPointer.has(pointer)) return this.byPointer.get(pointer);
    let node: unknown;
    if (pointer === '#') node = this.root;
    else if (pointer.startsWith('#/')) {
      node = this.root;
      for (const part of pointer.slice(2).split('/')) {
        node = isNode(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
      }
    }
    const plan = this.build(node);
    this.byPointer.set(pointer, plan);
    return plan;
  }
}

function isActive(plan: Plan): boolean {
  switch (plan.kind) {
    case 'object':
      return plan.nulls.length > 0 || plan.props.some(([, p]) => p.active);
    case 'array':
      return plan.items.active;
    case 'union':
      return plan.branches.some((b) => b.active);
    case 'ref':
      return plan.target?.active === true;
  }
}

function restore(value: unknown, plan: Plan): unknown {
  if (!plan.active || value === null || typeof value !== 'object') return value;
  switch (plan.kind) {
    case 'object':
      return Array.isArray(value) ? value : restoreObject(value as Record<string, unknown>, plan);
    case 'array': {
      if (!Array.isArray(value)) return value;
      let out = value;
      for (let i = 0; i < value.length; i++) {
        const v = value[i];
        const r = restore(v, plan.items);
        if (r !== v) {
          if (out === value) out = value.slice();
          out[i] = r;
        }
      }
      return out;
    }
    case 'union': {
      const branch = pick(value, plan.branches);
      return branch === undefined ? value : restore(value, branch);
    }
    case 'ref':
      return plan.target === undefined ? value : restore(value, plan.target);
  }
}

function restoreObject(value: Record<string, unknown>, plan: ObjectPlan): Record<string, unknown> {
  let dropped = false;
  const nulls = plan.nulls;
  for (let i = 0; i < nulls.length; i++) {
    if (value[nulls[i]!] === null) {
      dropped = true;
      break;
    }
  }
  let changed: Map<string, unknown> | undefined;
  const props = plan.props;
  for (let i = 0; i < props.length; i++) {
    const [key, sub] = props[i]!;
    const v = value[key];
    if (v === null || typeof v !== 'object') continue;
    const r = restore(v, sub);
    if (r !== v) (changed ??= new Map()).set(key, r);
  }
  if (!dropped && changed === undefined) return value;
  // A fresh object rather than `delete` on a copy: it keeps a fast shape for validation.
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const v = value[key];
    if (v === null && dropped && nulls.includes(key)) continue;
    const next = changed?.has(key) ? changed.get(key) : v;
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: next, enumerable: true, writable: true, configurable: true });
    else out[key] = next;
  }
  return out;
}

/** The branch of a union that the value is meant for, when it can be told. */
function pick(value: object, branches: Plan[]): Plan | undefined {
  const isArray = Array.isArray(value);
  let first: Plan | undefined;
  let fallback: Plan | undefined;
  for (const b of branches) {
    const plan = b.kind === 'ref' ? b.target : b;
    if (plan === undefined) continue;
    if (isArray) {
      if (plan.kind === 'array') return plan;
      continue;
    }
    if (plan.kind === 'union') {
      const inner = pick(value, plan.branches);
      if (inner !== undefined) return inner;
      continue;
    }
    if (plan.kind !== 'object') continue;
    const obj = value as Record<string, unknown>;
    if (!plan.consts.every(([k, c]) => obj[k] === c)) continue;
    fallback ??= plan;
    let fits = true;
    for (const key in obj) {
      if (!plan.keys.has(key)) {
        fits = false;
        break;
      }
    }
    if (fits) {
      first = plan;
      break;
    }
  }
  return first ?? fallback;
}
