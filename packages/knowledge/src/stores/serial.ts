/**
 * A queue that runs async work one piece at a time, in call order: for a single database
 * connection, or a table whose writes must not race.
 */

/** Runs each `work` after the previous one settled (a failure does not stop the queue). */
export function serialQueue(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const next = tail.then(work, work);
    tail = next.catch(() => {});
    return next;
  };
}
