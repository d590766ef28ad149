/**
 * The thinking blocks the fake server handed out, by signature, to check the ones a request
 * sends back as the API does: a block whose text no longer matches its signature is rejected.
 */

/** Thinking blocks issued by one server. */
export class ThinkingLedger {
  private readonly issued = new Map<string, string>();

  /** Remembers the thinking blocks among `content` (a reply's blocks). */
  issue(content: readonly any[]): void {
    for (const block of content) {
      if (block.type === 'thinking') this.issued.set(block.signature, block.thinking);
    }
  }

  /** The problem with the thinking blocks a request body sends back, if any. */
  check(body: any): string | undefined {
    const messages: unknown = body?.messages;
    if (!Array.isArray(messages)) return undefined;
    for (const [i, m] of messages.entries()) {
      if (m?.role !== 'assistant' || !Array.isArray(m.content)) continue;
      for (const [j, block] of m.content.entries()) {
        if (block?.type !== 'thinking') continue;
        const issued = this.issued.get(block.signature);
        if (issued !== undefined && issued !== block.thinking) {
          return `messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block`;
        }
      }
    }
    return undefined;
  }
}
