/**
 * The client runs in browsers, Bun and Deno: its modules import nothing at run time beyond their
 * own folder (types from the server and core are erased), and use no Node global.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = new URL('./', import.meta.url);
const modules = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

describe('the client’s portability', () => {
  it('imports at run time only its own modules', () => {
    expect(modules.length).toBeGreaterThanOrEqual(6);
    for (const file of modules) {
      const code = readFileSync(new URL(file, dir), 'utf8');
      const runtime = [...code.matchAll(/^(?:import|export)\s+(?!type\b)([^;]*?)\s+from\s+'([^']+)'/gms)]
        .filter(([, names]) => !/^\{\s*(?:type\s+[\w]+\s*,?\s*)+\}$/.test(names!))
        .map(([, , from]) => from);
      for (const from of runtime) expect(from, `${file} imports ${from}`).toMatch(/^\.\/[\w-]+\.js$/);
    }
  });

  it('uses no Node global (process, Buffer, require, setImmediate)', () => {
    for (const file of modules) {
      const code = readFileSync(new URL(file, dir), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code, file).not.toMatch(/\b(?:process|Buffer|require|setImmediate|__dirname)\b/);
    }
  });
});
