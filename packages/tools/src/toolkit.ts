/**
 * `Toolkit`: a group of tools with shared options, instructions and include/exclude
 * filters. Its tools may be given as a list or by a factory that runs only when an agent
 * first needs them (core resolves toolkits on an agent's first run); nested toolkits are
 * flattened and closed with it.
 */
import {
  ConfigError,
  type Toolkit as CoreToolkit,
  errorMessage,
  isToolkit,
  type Tool,
  ToolError,
  type ToolSource,
} from '@agno/core';
import { configureTool, type ResolvedToolOptions, resolveOptions } from './configure.js';
import type { ToolOptions } from './define-tool.js';
import type { ToolResultCache } from './result-cache.js';

/** Which tools to keep: a list of names, or a test on the name. */
export type ToolFilter = readonly string[] | ((name: string) => boolean);

/** What a toolkit's tools may be: a list, or a factory (sync or async) run on first use. */
export type ToolsInput =
  | readonly ToolSource[]
  | (() => ToolSource | readonly ToolSource[] | Promise<ToolSource | readonly ToolSource[]>);

/** Options shared by every toolkit (also accepted by MCPTools and the built-in toolkits). */
export interface ToolkitSharedOptions extends ToolOptions {
  /** Keep only these tools (names, or a test on the name). Unknown names are a `config_error`. */
  include?: ToolFilter;
  /** Drop these tools (names, or a test on the name). */
  exclude?: ToolFilter;
  /** Options for single tools, by name; they replace the tool's own and the shared ones. */
  overrides?: Readonly<Record<string, ToolOptions>>;
}

/** Options of a {@link Toolkit}. Shared options (timeout, confirmation, cache...) fill what a tool leaves unset. */
export interface ToolkitOptions extends ToolkitSharedOptions {
  /** Name, for errors and traces. */
  name: string;
  /** Text added to the agent's system prompt when the toolkit is used. */
  instructions?: string;
  /** The tools, or a factory that builds them when an agent first needs them. */
  tools: ToolsInput;
  /** Runs on `close()`, after nested toolkits are closed. */
  onClose?: () => void | Promise<void>;
}

/** A core Toolkit that groups tools with shared options, filters and lazy loading. */
export class Toolkit implements CoreToolkit {
  readonly kind = 'toolkit' as const;
  readonly name: string;
  readonly instructions: string | undefined;
  protected readonly options: ToolkitSharedOptions & {
    tools?: ToolsInput;
    onClose?: () => void | Promise<void>;
  };
  private loading: Promise<readonly Tool[]> | undefined = undefined;
  private nested: CoreToolkit[] = [];
  private shared: ResolvedToolOptions | undefined = undefined;

  constructor(options: ToolkitOptions) {
    if (typeof options?.name !== 'string' || options.name.length === 0) {
      throw new ConfigError('a toolkit needs a name');
    }
    this.name = options.name;
    this.instructions = options.instructions;
    this.options = options;
  }

  /** The cache shared by the toolkit's tools, when its `cache` option is set. */
  get cache(): ToolResultCache | undefined {
    return this.sharedOptions().cache || undefined;
  }

  /** True once the tools have been built. */
  get loaded(): boolean {
    return this.loading !== undefined;
  }

  /** The tools, built on first call (a failed build is retried on the next call). */
  tools(): Promise<readonly Tool[]> {
    let loading = this.loading;
    if (loading === undefined) {
      loading = this.build();
      this.loading = loading;
      loading.catch(() => {
        if (this.loading === loading) this.loading = undefined;
      });
    }
    return loading;
  }

  /** Closes nested toolkits, then runs `onClose`. The tools are built again if used after. */
  async close(): Promise<void> {
    const errors: string[] = [];
    const nested = this.nested;
    this.nested = [];
    this.loading = undefined;
    for (const kit of nested) {
      try {
        await kit.close?.();
      } catch (error) {
        errors.push(`${kit.name}: ${errorMessage(error)}`);
      }
    }
    try {
      await this.options.onClose?.();
    } catch (error) {
      errors.push(errorMessage(error));
    }
    if (errors.length > 0)
      throw new ToolError(this.name, `closing toolkit "${this.name}" failed: ${errors.join('; ')}`);
  }

  /** Where the tools come from; subclasses (MCPTools) override it. */
  protected source(): ToolSource | readonly ToolSource[] | Promise<ToolSource | readonly ToolSource[]> {
    const tools = this.options.tools;
    if (tools === undefined) return [];
    return typeof tools === 'function' ? tools() : tools;
  }

  private sharedOptions(): ResolvedToolOptions {
    if (this.shared === undefined) {
      const { timeoutMs, requiresConfirmation, cache, maxResultChars } = this.options;
      this.shared = resolveOptions({ timeoutMs, requiresConfirmation, cache, maxResultChars });
    }
    return this.shared;
  }

  private async build(): Promise<readonly Tool[]> {
    let sources = this.source();
    if (sources instanceof Promise) sources = await sources;
    const list: readonly ToolSource[] = isSource(sources) ? [sources] : sources;
    const flat: Tool[] = [];
    const nested: CoreToolkit[] = [];
    for (const source of list) {
      if (isToolkit(source)) {
        nested.push(source);
        for (const t of await source.tools()) flat.push(t);
      } else flat.push(source);
    }
    this.nested.push(...nested);
    const { include, exclude, overrides } = this.options;
    const names = new Set(flat.map((t) => t.name));
    checkNames(this.name, 'include', include, names);
    checkNames(this.name, 'exclude', exclude, names);
    if (overrides !== undefined) checkNames(this.name, 'overrides', Object.keys(overrides), names);
    const shared = this.sharedOptions();
    const out: Tool[] = [];
    for (const t of flat) {
      if (!matches(include, t.name, true) || matches(exclude, t.name, false)) continue;
      const own = overrides?.[t.name];
      out.push(configureTool(t, shared, own === undefined ? undefined : resolveOptions(own)));
    }
    return out;
  }
}

function isSource(value: unknown): value is ToolSource {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function matches(filter: ToolFilter | undefined, name: string, empty: boolean): boolean {
  if (filter === undefined) return empty;
  if (typeof filter === 'function') return filter(name);
  return filter.includes(name);
}

function checkNames(kit: string, option: string, filter: ToolFilter | undefined, names: Set<string>): void {
  if (filter === undefined || typeof filter === 'function') return;
  const unknown = filter.filter((n) => !names.has(n));
  if (unknown.length > 0) {
    throw new ConfigError(
      `toolkit "${kit}": ${option} names unknown tools: ${unknown.join(', ')} (its tools: ${[...names].join(', ') || 'none'})`,
    );
  }
}
