/**
 * User and tool-result content as the API receives it: images and documents as blocks, by data
 * or URL, and what the API cannot take refused before anything is sent.
 */
import { isAgnoError, type ModelRequest } from '@agno/core';
import { describe, expect, test } from 'vitest';
import { TEST_KEY, useFakeServer } from './fixtures/helpers.js';
import { anthropic } from './index.js';

const fake = useFakeServer();
const model = () => anthropic('claude-test-1', { apiKey: TEST_KEY, baseURL: fake.server.url, maxRetries: 0 });

function lastBody(): any {
  return fake.server.requests[fake.server.requests.length - 1]!.body;
}

describe('images and files', () => {
  const png =
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

  test('user parts become image and document blocks; tool attachments go inside the tool_result', async () => {
    fake.server.reply({ text: 'a cat' });
    await model().generate({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image', data: png },
            { type: 'image', url: 'https://example.com/cat.jpg' },
            {
              type: 'file',
              data: Buffer.from('plain notes').toString('base64'),
              mediaType: 'text/plain',
              name: 'notes',
            },
            { type: 'file', url: 'https://example.com/paper.pdf', mediaType: 'application/pdf' },
          ],
        },
        { role: 'assistant', content: '', toolCalls: [{ id: 'toolu_1', name: 'snap', args: {} }] },
        {
          role: 'tool',
          toolCallId: 'toolu_1',
          toolName: 'snap',
          content: 'here is the photo',
          attachments: [{ type: 'image', url: `data:image/png;base64,${png}` }],
        },
      ],
    });
    const [user, , results] = lastBody().messages;
    expect(user.content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
      {
        type: 'document',
        source: { type: 'text', media_type: 'text/plain', data: 'plain notes' },
        title: 'notes',
      },
      { type: 'document', source: { type: 'url', url: 'https://example.com/paper.pdf' } },
    ]);
    expect(results.content).toEqual([
      {
        type: 'tool_result',
        tool_use_id: 'toolu_1',
        content: [
          { type: 'text', text: 'here is the photo' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
        ],
      },
    ]);
  });

  test('a media type the API does not take is a bad_request, before anything is sent', async () => {
    const request: ModelRequest = {
      messages: [{ role: 'user', content: [{ type: 'image', data: 'AAAA', mediaType: 'image/bmp' }] }],
    };
    const error = await model()
      .generate(request)
      .catch((e: unknown) => e);
    expect(isAgnoError(error, 'bad_request')).toBe(true);
    expect((error as Error).message).toContain('image/bmp');
    expect(fake.server.count).toBe(0);
  });
});
