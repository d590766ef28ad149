/**
 * The yes/no state of a run in one small integer rather than one 8-byte field each (a run is
 * made per call, and every field is a slot of it): read and written as booleans.
 */

const STOPPED = 1;
const FINISHED = 2;
const COMMITTING = 4;
const MODEL_BUSY = 8;
const STREAMED_OUT = 16;
const TEXT_ONLY = 32;

/** The flags of a run (see `RunBase`). */
export class RunFlags {
  /** The bits below; plain assignment in the constructor keeps every run one shape. */
  declare private flags: number;

  constructor() {
    this.flags = 0;
  }

  private set(bit: number, on: boolean): void {
    this.flags = on ? this.flags | bit : this.flags & ~bit;
  }

  /** Set once the run was told to stop (cheaper to read than `signal.aborted`). */
  get stopped(): boolean {
    return (this.flags & STOPPED) !== 0;
  }
  set stopped(on: boolean) {
    this.set(STOPPED, on);
  }

  /** Set once the run's outcome is decided: stopping it then changes nothing. */
  get finished(): boolean {
    return (this.flags & FINISHED) !== 0;
  }
  set finished(on: boolean) {
    this.set(FINISHED, on);
  }

  /** Set while a completed run is written to the store: a stop then waits for the write. */
  get committing(): boolean {
    return (this.flags & COMMITTING) !== 0;
  }
  set committing(on: boolean) {
    this.set(COMMITTING, on);
  }

  /** Whether a model call is in flight (reported as abandoned if the run stops during it). */
  get modelBusy(): boolean {
    return (this.flags & MODEL_BUSY) !== 0;
  }
  set modelBusy(on: boolean) {
    this.set(MODEL_BUSY, on);
  }

  /** Whether part of the model call in progress reached the consumer (it can no longer fall back). */
  get streamedOut(): boolean {
    return (this.flags & STREAMED_OUT) !== 0;
  }
  set streamedOut(on: boolean) {
    this.set(STREAMED_OUT, on);
  }

  /** Whether the run streams text only (strings, no events). */
  get textOnly(): boolean {
    return (this.flags & TEXT_ONLY) !== 0;
  }
  set textOnly(on: boolean) {
    this.set(TEXT_ONLY, on);
  }
}
