import { Agent, type Tool, type Toolkit } from '@agno/core';
import { ScriptedModel } from '@agno/models-mock';
import { describe, expect, it } from 'vitest';
import { AgentPool } from './agent-pool.js';
import { QueueFullError } from './errors.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A toolkit standing for an expensive resource (a browser, an MCP process): counts opens and closes. */
class BrowserToolkit implements Toolkit {
  readonly kind = 'toolkit';
  readonly name = 'browser';
  static opened = 0;
  static closed = 0;
  /** Pages visited since the last reset: per-user state that must not leak to the next borrower. */
  visited: string[] = [];

  tools(): Tool[] {
    BrowserToolkit.opened++;
    return [
      {
        name: 'visit',
        description: 'visits a page',
        parameters: { type: 'object', properties: { url: { type: 'string' } } },
        execute: (args: { url: string }) => {
          this.visited.push(args.url);
          return `visited ${args.url}; history ${this.visited.length}`;
        },
      },
    ];
  }

  close(): void {
    BrowserToolkit.closed++;
  }
}

describe('AgentPool', () => {
  it('reuses agents with expensive tools, resets them between uses, and closes them', async () => {
    BrowserToolkit.opened = BrowserToolkit.closed = 0;
    const kits = new Map<Agent, BrowserToolkit>();
    const pool = new AgentPool<Agent>({
      max: 2,
      create: () => {
        const kit = new BrowserToolkit();
        const agent = new Agent({
          model: new ScriptedModel({
            turns: [{ toolCalls: [{ name: 'visit', args: { url: 'a.example' } }] }, 'ok'],
          }),
          tools: [kit],
        });
        kits.set(agent, kit);
        return agent;
      },
      reset: (agent) => {
        kits.get(agent)!.visited = [];
      },
    });
    const results: string[] = [];
    for (let i = 0; i < 4; i++) {
      const result = await pool.use((agent) => agent.run(`browse ${i}`));
      results.push(result.toolCalls[0]!.result); // the next borrower waits for this agent's reset
    }
    // Without the reset the history would grow: 1, 2, 3, 4.
    expect(results).toEqual(Array(4).fill('visited a.example; history 1'));
    expect(BrowserToolkit.opened).toBe(1);
    expect(pool.stats()).toMatchObject({ created: 1, size: 1, idle: 1, borrowed: 0 });
    await pool.close();
    expect(BrowserToolkit.closed).toBe(1);
  });

  it('creates at most `max` items and makes the others wait', async () => {
    let created = 0;
    const pool = new AgentPool<{ id: number }>({ max: 2, create: () => ({ id: ++created }) });
    let inUse = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        pool.use(async () => {
          most = Math.max(most, ++inUse);
          await tick();
          inUse--;
        }),
      ),
    );
    expect(created).toBe(2);
    expect(most).toBe(2);
  });

  it('destroys an item whose reset fails and creates a fresh one', async () => {
    let created = 0;
    const destroyed: number[] = [];
    const errors: string[] = [];
    const pool = new AgentPool<{ id: number }>({
      max: 1,
      create: () => ({ id: ++created }),
      reset: (item) => {
        if (item.id === 1) throw new Error('cannot clean');
      },
      destroy: (item) => void destroyed.push(item.id),
      onError: (_e, phase) => errors.push(phase),
    });
    const first = await pool.acquire();
    await pool.release(first);
    const second = await pool.acquire();
    expect(second.id).toBe(2);
    expect(destroyed).toEqual([1]);
    expect(errors).toEqual(['reset']);
    expect(pool.stats()).toMatchObject({ resetFailures: 1, destroyed: 1, created: 2 });
  });

  it('gives the slot back when create fails', async () => {
    let attempt = 0;
    const pool = new AgentPool<string>({
      max: 1,
      create: () => {
        if (++attempt === 1) throw new Error('no capacity');
        return 'ok';
      },
    });
    await expect(pool.acquire()).rejects.toThrow('no capacity');
    expect(await pool.acquire()).toBe('ok');
  });

  it('bounds the waiting borrowers and lets aborted ones go', async () => {
    const pool = new AgentPool<string>({ max: 1, maxQueue: 1, create: () => 'item' });
    const held = await pool.acquire();
    const controller = new AbortController();
    const waiting = pool.acquire({ signal: controller.signal });
    await expect(pool.acquire()).rejects.toBeInstanceOf(QueueFullError);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'aborted' });
    expect(pool.stats().queued).toBe(0);
    const next = pool.acquire();
    await pool.release(held);
    expect(await next).toBe('item');
  });

  it('rejects releasing an item it did not lend', async () => {
    const pool = new AgentPool<object>({ max: 1, create: () => ({}) });
    await expect(pool.release({})).rejects.toMatchObject({ code: 'config_error' });
    const item = await pool.acquire();
    await pool.release(item);
    await expect(pool.release(item)).rejects.toMatchObject({ code: 'config_error' });
  });

  it('warms up items ahead of the first borrowers', async () => {
    let created = 0;
    const pool = new AgentPool<number>({ max: 3, create: () => ++created });
    await pool.warm(2);
    expect(pool.stats()).toMatchObject({ idle: 2, created: 2 });
    await pool.warm();
    expect(pool.stats()).toMatchObject({ idle: 3, created: 3 });
  });

  it('close() rejects waiting borrowers and destroys borrowed items when they come back', async () => {
    const destroyed: string[] = [];
    const pool = new AgentPool<string>({
      max: 1,
      create: () => 'only',
      destroy: (i) => void destroyed.push(i),
    });
    const held = await pool.acquire();
    const waiting = pool.acquire();
    const closing = pool.close();
    await expect(waiting).rejects.toMatchObject({ code: 'aborted' });
    await expect(pool.acquire()).rejects.toMatchObject({ code: 'aborted' });
    await pool.release(held);
    await closing;
    expect(destroyed).toEqual(['only']);
  });
});
