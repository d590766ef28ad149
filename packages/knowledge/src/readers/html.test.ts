import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readHtml } from './html.js';

const page = new Uint8Array(readFileSync(new URL('../fixtures/docs/support.html', import.meta.url)));

describe('readHtml', () => {
  it('keeps the article as Markdown and drops navigation, sidebar, footer and scripts', async () => {
    const [doc] = await readHtml({ source: 'https://help.example/support', data: page });
    expect(doc!.title).toBe('Contacting support | Aurora Help Centre');
    expect(doc!.metadata).toMatchObject({
      type: 'html',
      lang: 'en',
      description: 'How to reach the Aurora support desk.',
    });
    const md = doc!.content;
    expect(md.startsWith('# Contacting support\n\n')).toBe(true);
    expect(md).toContain('Every ticket gets a first answer within 36 hours');
    expect(md).toContain('## Escalations');
    expect(md).toContain('**+31 20 555 0147**');
    expect(md).toMatch(/^- {1,3}Include your account number\.$/m);
    for (const boilerplate of [
      'Pricing',
      'Careers',
      'Popular articles',
      'newsletter',
      'All rights reserved',
      'analytics',
    ]) {
      expect(md).not.toContain(boilerplate);
    }
  });

  it('reads the body without page furniture when asked, or when there is no article', async () => {
    const [body] = await readHtml({ source: 'p.html', data: page }, { extract: 'body' });
    expect(body!.content).toContain('# Contacting support');
    expect(body!.content).not.toContain('Careers');
    const [short] = await readHtml({
      source: 'tiny.html',
      data: '<html><body><nav><a href="/">Home</a></nav><p>Only <em>one</em> line.</p></body></html>',
    });
    expect(short!.content).toBe('Only *one* line.');
    expect(short!.title).toBe('tiny');
  });

  it('refuses an empty page and a page with no text', async () => {
    await expect(readHtml({ source: 'e.html', data: '' })).rejects.toMatchObject({
      details: { reason: 'empty' },
    });
    await expect(
      readHtml({ source: 'n.html', data: '<html><body><script>x()</script><nav>Menu</nav></body></html>' }),
    ).rejects.toThrow('n.html: has no readable text');
  });
});
