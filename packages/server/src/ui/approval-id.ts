/**
 * The `approvalId` of a tool approval request: it names the paused run, the tool call and, for a
 * workflow or team run, the paused step, so that the browser's answer leads the server back to
 * the run without any state kept between the two requests. Format: `<runId>:<toolCallId>` for an
 * agent run, `<runId>:<toolCallId>:<stepPath>` for a workflow or team run, each part
 * URI-component-encoded (so a `:` inside an id cannot shift the parts).
 */

/** What an approval id names. */
export interface ApprovalRef {
  runId: string;
  toolCallId: string;
  /** The paused step's id (its path), for a workflow or team run. */
  step?: string;
}

/** The approval id for a pending tool call. */
export function formatApprovalId(ref: ApprovalRef): string {
  const id = `${encodeURIComponent(ref.runId)}:${encodeURIComponent(ref.toolCallId)}`;
  return ref.step === undefined ? id : `${id}:${encodeURIComponent(ref.step)}`;
}

/** What `approvalId` names, or `undefined` when it is not an id that {@link formatApprovalId} wrote. */
export function parseApprovalId(approvalId: string): ApprovalRef | undefined {
  const parts = approvalId.split(':');
  if (parts.length !== 2 && parts.length !== 3) return undefined;
  try {
    const [runId, toolCallId, step] = parts.map(decodeURIComponent) as [string, string, string?];
    if (runId === '' || toolCallId === '') return undefined;
    return step === undefined ? { runId, toolCallId } : { runId, toolCallId, step };
  } catch {
    return undefined;
  }
}
