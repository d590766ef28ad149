import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { loadPeer } from './optional-peer.js';

describe('loadPeer', () => {
  it('names the package to install when it is missing, and tries again on the next call', async () => {
    const name = 'agno-no-such-package';
    let attempts = 0;
    const load = () => {
      attempts++;
      return import(/* @vite-ignore */ name);
    };
    const error = await loadPeer(name, 'The test feature', load).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      `The test feature needs the package "${name}": install it (npm install ${name})`,
    );
    await loadPeer(name, 'The test feature', load).catch(() => undefined);
    expect(attempts).toBe(2);
  });

  it('loads a module once and shares it', async () => {
    let attempts = 0;
    const load = async () => {
      attempts++;
      return import('node:path');
    };
    const [a, b] = await Promise.all([loadPeer('node:path', 'x', load), loadPeer('node:path', 'x', load)]);
    expect(a).toBe(b);
    expect(typeof a.join).toBe('function');
    expect(attempts).toBe(1);
  });

  it('says when a package is installed but fails to load', async () => {
    const error = await loadPeer('broken-peer', 'Reading', () =>
      Promise.reject(new Error('bad build')),
    ).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'Reading needs the package "broken-peer", which failed to load: bad build',
    );
  });
});
