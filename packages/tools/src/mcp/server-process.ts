/**
 * The stdio transport of an MCP server process. On POSIX the server runs in its own process
 * group, so a launcher (`npx …`, `sh -c …`) and everything it starts are stopped together:
 * on `close()`, when the server is found frozen, when the launcher dies, and when this
 * process exits. Closing ends stdin, sends SIGTERM to the group, and SIGKILL to whatever is
 * left after a short grace period.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { sleep } from '@agno/core/utils';
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { MCPStdioServer } from './servers.js';

const STDERR_TAIL = 2000;
/** Time a server gets to exit after SIGTERM before its group is killed. */
const GRACE_MS = 2000;
const GROUPS = process.platform !== 'win32';

/** Process groups (or pids) still running, killed when this process exits. */
const running = new Set<number>();
let exitHookSet = false;

function killAllOnExit(): void {
  for (const id of running) signal(id, 'SIGKILL');
}

function signal(target: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(GROUPS ? -target : target, sig);
    return true;
  } catch {
    return false; // gone already
  }
}

/** A stdio MCP transport over a child process started in its own process group. */
export class ServerProcess implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private child: ChildProcess | undefined = undefined;
  private readonly buffer = new ReadBuffer();
  private stderrTail = '';
  private stopping: Promise<void> | undefined = undefined;
  private streamsClosed: Promise<void> | undefined = undefined;
  private closed = false;

  constructor(private readonly spec: MCPStdioServer) {}

  /** The id of the started process (the launcher, when there is one), while it runs. */
  get pid(): number | undefined {
    return this.closed ? undefined : this.child?.pid;
  }

  /** The last lines the server wrote to stderr (with `stderr: 'pipe'`). */
  get output(): string {
    return this.stderrTail;
  }

  /** Starts the process; resolves once it is spawned. */
  start(): Promise<void> {
    if (this.child !== undefined) return Promise.reject(new Error('the server process was already started'));
    const spec = this.spec;
    const child = spawn(spec.command, spec.args ?? [], {
      env: { ...getDefaultEnvironment(), ...spec.env },
      cwd: spec.cwd,
      stdio: ['pipe', 'pipe', spec.stderr ?? 'pipe'],
      detached: GROUPS,
      windowsHide: true,
    });
    this.child = child;
    this.streamsClosed = new Promise((resolve) => child.once('close', () => resolve()));
    child.stdout!.on('data', (chunk: Buffer) => this.read(chunk));
    child.stdout!.on('error', (error) => this.onerror?.(error));
    child.stdin!.on('error', (error) => this.onerror?.(error));
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    return new Promise<void>((resolve, reject) => {
      child.once('error', (error) => {
        reject(error);
        this.finish();
      });
      child.once('spawn', () => {
        if (!exitHookSet) {
          exitHookSet = true;
          process.once('exit', killAllOnExit);
        }
        running.add(child.pid!);
        resolve();
      });
      // The launcher is gone (crash, kill): whatever it started must not outlive it.
      child.once('exit', () => {
        void this.stop();
      });
    });
  }

  /** Sends one message on the server's stdin. */
  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (stdin == null || this.stopping !== undefined) return Promise.reject(new Error('not connected'));
    return new Promise<void>((resolve) => {
      if (stdin.write(serializeMessage(message))) resolve();
      else stdin.once('drain', resolve);
    });
  }

  /** Stops the whole process group (stdin closed, SIGTERM, SIGKILL after a grace period). */
  close(): Promise<void> {
    return this.stop();
  }

  /** Kills the whole process group at once (a frozen server cannot shut down gracefully). */
  kill(): void {
    const pid = this.child?.pid;
    if (pid !== undefined && running.has(pid)) signal(pid, 'SIGKILL');
    void this.stop();
  }

  private read(chunk: Buffer): void {
    try {
      this.buffer.append(chunk);
      for (;;) {
        let message: JSONRPCMessage | null;
        try {
          message = this.buffer.readMessage();
        } catch (error) {
          this.onerror?.(error as Error);
          continue;
        }
        if (message === null) break;
        this.onmessage?.(message);
      }
    } catch (error) {
      // the buffer overflowed: this stream cannot be trusted any more
      this.onerror?.(error as Error);
      void this.stop();
    }
  }

  private stop(): Promise<void> {
    this.stopping ??= this.terminate().finally(() => this.finish());
    return this.stopping;
  }

  private async terminate(): Promise<void> {
    const child = this.child;
    const pid = child?.pid;
    if (child === undefined || pid === undefined || !running.has(pid)) return;
    try {
      child.stdin?.end();
    } catch {
      // a broken pipe: the signals below do the work
    }
    // the launcher and what it started; the pipes close once every process holding them is gone
    signal(pid, 'SIGTERM');
    await Promise.race([this.streamsClosed, sleep(GRACE_MS)]);
    // whatever is left of the group (a server that ignores SIGTERM, a daemon) is killed
    signal(pid, 'SIGKILL');
  }

  private finish(): void {
    const pid = this.child?.pid;
    if (pid !== undefined) running.delete(pid);
    this.buffer.clear();
    if (this.closed) return;
    this.closed = true;
    this.child?.stdout?.removeAllListeners('data');
    this.onclose?.();
  }
}
