import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firstHeading, readMarkdown, splitFrontMatter } from './markdown.js';
import { readText } from './text.js';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/docs/${name}`, import.meta.url)));

describe('readMarkdown', () => {
  it('titles by the front matter, keeps its scalar fields as metadata and drops it from the text', async () => {
    const [doc] = await readMarkdown({
      source: 'docs/zephyr-release.md',
      data: fixture('zephyr-release.md'),
    });
    expect(doc!.title).toBe('Zephyr release notes');
    expect(doc!.metadata).toEqual({
      type: 'markdown',
      fileName: 'zephyr-release.md',
      product: 'zephyr',
      version: 3.2,
    });
    expect(doc!.content.startsWith('# Zephyr 3.2 release notes\n')).toBe(true);
    expect(doc!.content).toContain('The Zephyr release ships on 12 March.');
    expect(doc!.content).not.toContain('product: zephyr');
  });

  it('titles by the first heading, else the file name', async () => {
    const [withHeading] = await readMarkdown({ source: 'w.md', data: fixture('warranty.md') });
    expect(withHeading!.title).toBe('Warranty and returns');
    const [plain] = await readMarkdown({ source: 'a/b/notes.md', data: 'no headings here' });
    expect(plain!.title).toBe('notes');
  });

  it('finds ATX and setext headings outside code fences', () => {
    expect(firstHeading('```\n# not a heading\n```\n## Real ##\n')).toBe('Real');
    expect(firstHeading('Intro text\n\nTitle line\n=========\n')).toBe('Title line');
    expect(firstHeading('#hashtag only')).toBeUndefined();
  });

  it('parses front matter scalars: quoted strings, numbers, booleans, null; skips nested YAML', () => {
    const { fields, body } = splitFrontMatter(
      '---\ntitle: "A: \\"quoted\\""\ncount: 12\ndraft: false\nowner: ~\nname: \'it\'\'s\'\ntags:\n  - a\nnote: text # comment\n---\nBody',
    );
    expect(fields).toEqual({
      title: 'A: "quoted"',
      count: 12,
      draft: false,
      owner: null,
      name: "it's",
      note: 'text',
    });
    expect(body).toBe('Body');
    expect(splitFrontMatter('no front matter\n---\n')).toEqual({
      fields: {},
      body: 'no front matter\n---\n',
    });
  });

  it('refuses an empty file and one with front matter alone', async () => {
    await expect(
      readMarkdown({ source: 'bad/empty.md', data: fixture('bad/empty.md') }),
    ).rejects.toMatchObject({
      code: 'reader_error',
      source: 'bad/empty.md',
      message: 'bad/empty.md: is empty',
    });
    await expect(readMarkdown({ source: 'fm.md', data: '---\ntitle: x\n---\n\n' })).rejects.toMatchObject({
      details: { reason: 'empty' },
    });
  });
});

describe('readText', () => {
  it('reads UTF-8 without its byte order mark, titled by the file name', async () => {
    const data = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('héllo')]);
    expect(await readText({ source: 'dir/greeting.txt', data, metadata: { size: 9 } })).toEqual([
      {
        source: 'dir/greeting.txt',
        title: 'greeting',
        content: 'héllo',
        metadata: { type: 'text', fileName: 'greeting.txt', size: 9 },
      },
    ]);
  });

  it('refuses bytes that are not UTF-8 and white space alone', async () => {
    await expect(
      readText({ source: 'b.txt', data: new Uint8Array([0xff, 0xfe, 0x00, 0xd8]) }),
    ).rejects.toThrow('b.txt: is not UTF-8 text');
    await expect(readText({ source: 's.txt', data: ' \n\t ' })).rejects.toMatchObject({
      details: { reason: 'empty' },
    });
  });
});
