import { describe, expect, it } from 'vitest';
import { markdownChunker, markdownSections } from './markdown.js';

const guide = `Intro text before any heading.

# Orion

The Orion is a telescope.

## Setup

### Mount

Attach the mount to the tripod.

### Battery

Charge the battery for 4 hours.

\`\`\`sh
# not a heading: a shell comment
orion --calibrate
\`\`\`

## Care

Keep the lens dry.
`;

describe('markdownSections', () => {
  it('splits at headings, keeps the heading path, and ignores # inside fenced code', () => {
    const sections = markdownSections(guide);
    expect(sections.map((s) => s.path)).toEqual([
      [],
      ['Orion'],
      ['Orion', 'Setup', 'Mount'],
      ['Orion', 'Setup', 'Battery'],
      ['Orion', 'Care'],
    ]);
    // A bare heading (## Setup) joins the next section rather than being a chunk of its own.
    expect(sections[2]!.text).toBe('## Setup\n\n### Mount\n\nAttach the mount to the tripod.');
    expect(sections[3]!.text).toContain('orion --calibrate');
    expect(sections[3]!.text).toContain('# not a heading');
  });
});

describe('markdownChunker', () => {
  it('gives a chunk per section with its heading path in the metadata', () => {
    const chunks = markdownChunker()({ source: 'orion.md', content: guide, metadata: { product: 'orion' } });
    expect(chunks).toHaveLength(5);
    expect(chunks[0]!.metadata).toEqual({ product: 'orion' });
    expect(chunks[3]).toMatchObject({
      index: 3,
      metadata: { product: 'orion', headings: 'Orion > Setup > Battery', heading: 'Battery' },
    });
    expect(chunks.map((c) => c.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it('cuts a section too big recursively, with overlap, keeping its heading path', () => {
    const long = Array.from({ length: 40 }, (_, i) => `Step ${i} of the long procedure.`).join(' ');
    const chunks = markdownChunker({ size: 200, overlap: 50 })({
      source: 'long.md',
      content: `# Manual\n\n## Procedure\n\n${long}\n\n## After\n\nDone.`,
    });
    const procedure = chunks.filter((c) => c.metadata.heading === 'Procedure');
    expect(procedure.length).toBeGreaterThan(3);
    for (const chunk of procedure) expect(chunk.text.length).toBeLessThanOrEqual(200);
    for (let i = 1; i < procedure.length; i++) {
      const tail = procedure[i - 1]!.text.split(/(?<=\.)\s+/).at(-1)!;
      expect(procedure[i]!.text.startsWith(tail)).toBe(true);
    }
    expect(chunks.at(-1)).toMatchObject({
      text: '## After\n\nDone.',
      metadata: { headings: 'Manual > After' },
    });
  });

  it('treats text without headings like the recursive chunker', () => {
    const chunks = markdownChunker({ size: 50, overlap: 0 })({
      source: 't.txt',
      content: 'First paragraph here.\n\nSecond paragraph here.\n\nThird paragraph here.',
    });
    expect(chunks.map((c) => c.text)).toEqual([
      'First paragraph here.\n\nSecond paragraph here.',
      'Third paragraph here.',
    ]);
  });
});
