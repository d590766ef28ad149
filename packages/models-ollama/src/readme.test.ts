/**
 * Runs every ```ts example=… block of README.md against the local wire-format server
 * (OLLAMA_HOST points the examples at it, as it would point them at a real Ollama).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeOpenAIServer, type FakeReply } from '@agno/models-openai/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const runDir = join(root, '.readme-run');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const examples = new Map<string, string>();
for (const match of readme.matchAll(/```ts example=([\w-]+)\n([\s\S]*?)```/g))
  examples.set(match[1]!, match[2]!);

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
  mkdirSync(runDir, { recursive: true });
});
afterAll(async () => {
  rmSync(runDir, { recursive: true, force: true });
  await server.close();
});
beforeEach(() => {
  server.reset();
  vi.stubEnv('OLLAMA_HOST', server.baseURL.replace(/\/v1$/, ''));
  return () => vi.unstubAllEnvs();
});

async function run(name: string, replies: FakeReply[]): Promise<string> {
  const source = examples.get(name);
  if (source === undefined) throw new Error(`README has no example "${name}"`);
  server.reply(...replies);
  const file = join(runDir, `${name}.ts`);
  writeFileSync(file, source.replaceAll("'@agno/models-ollama'", JSON.stringify(join(here, 'index.ts'))));
  let out = '';
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    out += `${args.join(' ')}\n`;
  });
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await import(file);
  } finally {
    log.mockRestore();
    write.mockRestore();
  }
  return out;
}

describe('README examples', () => {
  it('has the examples this test runs', () => {
    expect([...examples.keys()].sort()).toEqual(['quick-start', 'streaming']);
  });

  it('quick start', async () => {
    expect(await run('quick-start', [{ text: 'Bonjour !' }])).toBe('Bonjour !\n');
    const request = server.lastRequest!;
    expect(request.body).toMatchObject({ model: 'llama3.2', keep_alive: '10m' });
    expect(request.body.messages[0]).toEqual({ role: 'system', content: 'You are concise.' });
    expect(request.headers.authorization).toBe('Bearer ollama-local-no-key');
  });

  it('streaming', async () => {
    const out = await run('streaming', [{ text: 'Waves fold on the shore', chunkSize: 4 }]);
    expect(out).toBe('Waves fold on the shore\n');
    expect(server.lastRequest!.body.stream).toBe(true);
  });
});
