/** Naming what was thrown, for span and metric labels (no OpenTelemetry import: metrics use it too). */

/** The error code of anything thrown: an AgnoError's code, else the error's name. */
export function errorType(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (error instanceof Error) return error.name || 'Error';
  }
  return 'error';
}
