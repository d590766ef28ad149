/**
 * What a result records about where it was made: git commit, Node version, CPU.
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import type { GitInfo, RunEnvironment } from './schema.js';

/** The current commit and whether the work tree has changes (null commit outside git). */
export function gitInfo(cwd: string): GitInfo {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return { commit, dirty: status.trim().length > 0 };
  } catch {
    return { commit: null, dirty: false };
  }
}

/** Node version, CPU model, cores, platform and memory of this machine. */
export function runEnvironment(): RunEnvironment {
  const list = cpus();
  return {
    node: process.version,
    cpu: list[0]?.model.trim() || 'unknown',
    cores: list.length,
    platform: `${process.platform}-${process.arch}`,
    memoryBytes: totalmem(),
  };
}
