/**
 * Health checks: after a timeout (whichever timer fired: the call's, the tool's, the run's) or
 * a transport error, ping the server; a server that does not answer is frozen or gone, and is
 * dropped (a stdio server's process group killed) so the next call starts a fresh one.
 */
import type { Session } from './session.js';

/**
 * Pings `session` once at a time; calls `onDead` when the ping fails or times out.
 * Never throws.
 */
export function probe(session: Session, pingTimeoutMs: number, onDead: (session: Session) => void): void {
  if (session.probing || !session.alive) return;
  session.probing = true;
  session.client.ping({ timeout: pingTimeoutMs }).then(
    () => {
      session.probing = false;
    },
    () => {
      session.probing = false;
      if (session.alive) onDead(session);
    },
  );
}
