/**
 * `ToolRegistry`: named toolkit factories. Registering runs nothing; `toolkit(name)` gives a
 * lazy toolkit whose factory runs only when an agent first needs its tools (on its first
 * run), so an application can register every integration it knows and pay only for those
 * an agent uses.
 */
import { ConfigError } from '@agno/core';
import { Toolkit, type ToolkitSharedOptions, type ToolsInput } from './toolkit.js';

/** What a registered factory builds: tools, toolkits, or a mix (sync or async). */
export type ToolFactory = Exclude<ToolsInput, readonly unknown[]>;

/** Options of a registered toolkit. */
export interface RegistryEntryOptions extends ToolkitSharedOptions {
  /** Text added to the agent's system prompt when the toolkit is used. */
  instructions?: string;
}

interface Entry {
  factory: ToolFactory;
  options: RegistryEntryOptions | undefined;
}

/** Named, lazily built toolkits. */
export class ToolRegistry {
  private readonly entries = new Map<string, Entry>();

  /** Registers a factory under `name` (a `config_error` if the name is taken). Runs nothing. */
  register(name: string, factory: ToolFactory, options?: RegistryEntryOptions): this {
    if (this.entries.has(name)) throw new ConfigError(`a toolkit named "${name}" is already registered`);
    if (typeof factory !== 'function')
      throw new ConfigError(`the factory of toolkit "${name}" must be a function`);
    this.entries.set(name, { factory, options });
    return this;
  }

  /** True when `name` is registered. */
  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The registered names. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /**
   * A new lazy toolkit for `name`: its factory runs when an agent first needs the tools, and
   * each toolkit (so each agent given one) gets its own instance. Unknown names are a `config_error`.
   */
  toolkit(name: string): Toolkit {
    const entry = this.entries.get(name);
    if (entry === undefined) {
      throw new ConfigError(
        `no toolkit named "${name}" is registered (known: ${this.names().join(', ') || 'none'})`,
      );
    }
    return new Toolkit({ ...entry.options, name, tools: entry.factory });
  }

  /** Lazy toolkits for several names, in order. */
  toolkits(...names: string[]): Toolkit[] {
    return names.map((n) => this.toolkit(n));
  }
}
