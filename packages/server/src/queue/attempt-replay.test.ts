/**
 * The replay of a retaken attempt, on event sequences shaped as core's agent runs emit them: what
 * the client was shown is never sent twice, whatever the chunking and the ids of the new attempt;
 * a new attempt that goes differently is announced with `run-restarted` and sent whole.
 */
import { describe, expect, it } from 'vitest';
import { AttemptReplay, type RunEventLike } from './attempt-replay.js';

const started = (): RunEventLike => ({
  type: 'run-started',
  runId: 'r1',
  sessionId: undefined,
  agentName: 'writer',
});
const text = (t: string): RunEventLike => ({ type: 'text-delta', runId: 'r1', text: t });
const tool = (id: string, durationMs: number): RunEventLike => ({
  type: 'tool-call-completed',
  runId: 'r1',
  toolCall: { id, name: 'lookup', args: { city: 'Oslo' } },
  result: 'sunny',
  isError: false,
  durationMs,
});

/** Sends `events` of one attempt; returns what the client got. */
function attempt(replay: AttemptReplay, n: number, events: RunEventLike[]): RunEventLike[] {
  replay.startAttempt(n);
  return events.flatMap((e) => replay.push(e));
}

const joined = (events: RunEventLike[]) =>
  events
    .filter((e) => e.type === 'text-delta')
    .map((e) => e.text)
    .join('');

describe('AttemptReplay', () => {
  it('sends only what a retaken attempt adds, whatever its chunking and its ids', () => {
    const replay = new AttemptReplay('r1');
    const first = attempt(replay, 1, [started(), tool('call_a', 12), text('Sunny in'), text(' Os')]);
    expect(first).toHaveLength(4);
    const second = attempt(replay, 2, [
      started(),
      tool('call_b', 30),
      text('Sun'),
      text('ny in Oslo'),
      text(' today.'),
    ]);
    expect(second).toEqual([text('lo'), text(' today.')]);
    expect(joined([...first, ...second])).toBe('Sunny in Oslo today.');
  });

  it('announces a retaken attempt that differs, then sends it from its first event', () => {
    const replay = new AttemptReplay('r1');
    const first = attempt(replay, 1, [started(), text('Answered by w1')]);
    const second = attempt(replay, 2, [started(), text('Answered by w2'), text('.')]);
    expect(second[0]).toEqual({ type: 'run-restarted', runId: 'r1', attempt: 2 });
    expect(second.slice(1)).toEqual([started(), text('Answered by w2'), text('.')]);
    expect(joined(first)).toBe('Answered by w1');
  });

  it('compares a third attempt with what the client holds after the second', () => {
    const replay = new AttemptReplay('r1');
    attempt(replay, 1, [started(), text('Hel')]);
    expect(attempt(replay, 2, [started(), text('Hello'), text(' wo')])).toEqual([text('lo'), text(' wo')]);
    expect(attempt(replay, 3, [started(), text('Hello world')])).toEqual([text('rld')]);
    // A retaken attempt that has not yet reached what was shown sends nothing, and is compared on.
    expect(attempt(replay, 4, [started(), text('Hello')])).toEqual([]);
    expect(attempt(replay, 5, [started(), text('Hello world'), tool('c', 1)])).toEqual([tool('c', 1)]);
  });

  it('treats text where the client saw another event as a difference', () => {
    const replay = new AttemptReplay('r1');
    attempt(replay, 1, [started(), text('Let me look.'), tool('a', 1)]);
    const second = attempt(replay, 2, [started(), text('Let me look. Oslo')]);
    expect(second.map((e) => e.type)).toEqual(['run-restarted', 'run-started', 'text-delta']);
  });

  it('leaves the events it is given as they were', () => {
    const replay = new AttemptReplay('r1');
    attempt(replay, 1, [started(), text('Hel')]);
    const given = text('Hello');
    const out = attempt(replay, 2, [started(), given]);
    expect(given.text).toBe('Hello');
    expect(out).toEqual([text('lo')]);
  });
});
