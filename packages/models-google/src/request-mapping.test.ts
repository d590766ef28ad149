/**
 * What the API receives for each part of core's request: the body the official client sent,
 * recorded by the local server (which rejects what the API would reject).
 */
import type { ModelRequest, ToolSpec } from '@agno/core';
import { describe, expect, test } from 'vitest';
import { failure, modelOn, useFakeServer } from './fixtures/helpers.js';

const fake = useFakeServer();
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const PDF = 'JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PD4+CmVuZG9iagp0cmFpbGVyCjw8Pj4KJSVFT0YK';

const weather: ToolSpec = {
  name: 'get_weather',
  description: 'Gets the weather',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

/** Sends `request` (answered with text) and returns the body the server received. */
async function sent(
  request: Partial<ModelRequest>,
  modelId = 'gemini-2.5-flash',
  options = {},
): Promise<any> {
  fake.server.reply({ text: 'ok' });
  await modelOn(fake.server, modelId, options).generate({
    messages: [{ role: 'user', content: 'hi' }],
    ...request,
  });
  return fake.server.lastRequest!.body;
}

describe('settings', () => {
  test('system instruction, temperature, max tokens and stop sequences', async () => {
    const body = await sent({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
      ],
      temperature: 0.2,
      maxTokens: 50,
      stop: ['END'],
    });
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }] });
    expect(body.contents).toEqual([{ role: 'user', parts: [{ text: 'hi' }] }]);
    expect(body.generationConfig).toEqual({ temperature: 0.2, maxOutputTokens: 50, stopSequences: ['END'] });
    expect(fake.server.lastRequest!.path).toBe('/v1/models/gemini-2.5-flash:generateContent');
  });

  test('model defaults (maxTokens, config) apply; the request and providerOptions.google win', async () => {
    const body = await sent(
      { temperature: 0.5, providerOptions: { google: { topK: 3 }, openai: { seed: 1 } } },
      'gemini-2.5-flash',
      { maxTokens: 99, config: { temperature: 1, topK: 40, seed: 7 } },
    );
    expect(body.generationConfig).toEqual({ temperature: 0.5, topK: 3, seed: 7, maxOutputTokens: 99 });
  });

  test('tools and every tool choice', async () => {
    const cases: Array<[ModelRequest['toolChoice'], unknown]> = [
      [undefined, undefined],
      ['auto', { functionCallingConfig: { mode: 'AUTO' } }],
      ['none', { functionCallingConfig: { mode: 'NONE' } }],
      ['required', { functionCallingConfig: { mode: 'ANY' } }],
      [
        { name: 'get_weather' },
        { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } },
      ],
    ];
    for (const [toolChoice, expected] of cases) {
      const body = await sent({ tools: [weather], toolChoice });
      expect(body.tools).toEqual([
        {
          functionDeclarations: [
            {
              name: 'get_weather',
              description: 'Gets the weather',
              parametersJsonSchema: weather.parameters,
            },
          ],
        },
      ]);
      expect(body.toolConfig).toEqual(expected);
    }
  });

  test('structured output: application/json with the JSON schema', async () => {
    const schema = { type: 'array', items: { type: 'string' } };
    const body = await sent({ responseFormat: { type: 'json_schema', name: 'list', schema } });
    expect(body.generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseJsonSchema: schema,
    });
  });
});

describe('reasoning → thinkingConfig', () => {
  test.each([
    ['gemini-2.5-flash', { effort: 'low' }, { thinkingBudget: 1024, includeThoughts: true }],
    ['gemini-2.5-flash', { effort: 'high' }, { thinkingBudget: 16384, includeThoughts: true }],
    ['gemini-2.5-flash', { budgetTokens: 3000, includeText: false }, { thinkingBudget: 3000 }],
    ['gemini-2.5-flash', { effort: 'none' }, { thinkingBudget: 0 }],
    ['gemini-3-pro-preview', { effort: 'high' }, { thinkingLevel: 'HIGH', includeThoughts: true }],
    ['gemini-3-flash-preview', { effort: 'minimal' }, { thinkingLevel: 'MINIMAL', includeThoughts: true }],
    ['gemini-3-flash-preview', { budgetTokens: 5000 }, { thinkingLevel: 'MEDIUM', includeThoughts: true }],
    ['gemini-3-flash-preview', { effort: 'none' }, { thinkingLevel: 'MINIMAL' }],
  ] as const)('%s %j → %j', async (modelId, reasoning, expected) => {
    const body = await sent({ reasoning }, modelId);
    expect(body.generationConfig.thinkingConfig).toEqual(expected);
  });

  test('the thinking option overrides the style the model id implies', async () => {
    const body = await sent({ reasoning: { effort: 'medium' } }, 'gemini-flash-latest', {
      thinking: 'level',
    });
    expect(body.generationConfig.thinkingConfig).toEqual({ thinkingLevel: 'MEDIUM', includeThoughts: true });
  });
});

describe('media', () => {
  test('images and PDFs, inline (base64 or data URL) and by URL', async () => {
    const body = await sent({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare these.' },
            { type: 'image', data: PNG },
            { type: 'image', url: `data:image/png;base64,${PNG}` },
            { type: 'image', url: 'https://example.com/cat.JPG?sig=abc' },
            { type: 'file', data: PDF, name: 'report.pdf' },
            {
              type: 'file',
              url: 'https://generativelanguage.googleapis.com/v1beta/files/abc',
              mediaType: 'application/pdf',
            },
          ],
        },
      ],
    });
    expect(body.contents[0].parts).toEqual([
      { text: 'Compare these.' },
      { inlineData: { mimeType: 'image/png', data: PNG } },
      { inlineData: { mimeType: 'image/png', data: PNG } },
      { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/cat.JPG?sig=abc' } },
      { inlineData: { mimeType: 'application/pdf', data: PDF } },
      {
        fileData: {
          mimeType: 'application/pdf',
          fileUri: 'https://generativelanguage.googleapis.com/v1beta/files/abc',
        },
      },
    ]);
  });

  test('a URL whose type cannot be told is a bad_request before anything is sent', async () => {
    const error = await failure(
      modelOn(fake.server).generate({
        messages: [
          {
            role: 'user',
            content: [{ type: 'file', url: 'https://example.com/download?id=1&token=s3cret' }],
          },
        ],
      }),
    );
    expect(error).toMatchObject({ code: 'bad_request' });
    expect(error.message).not.toContain('s3cret');
    expect(fake.server.count).toBe(0);
  });

  test.each([
    ['gemini-3-flash-preview', true],
    ['gemini-2.5-flash', false],
  ])('tool result images on %s (inside the function response: %s)', async (modelId, inside) => {
    const body = await sent(
      {
        messages: [
          { role: 'user', content: 'Take a screenshot.' },
          { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'shot', args: {} }] },
          {
            role: 'tool',
            toolCallId: 'c1',
            toolName: 'shot',
            content: 'taken',
            attachments: [{ type: 'file', data: PNG, mediaType: 'image/png', name: 'screen.png' }],
          },
        ],
      },
      modelId,
    );
    const parts = body.contents[2].parts;
    if (inside) {
      expect(parts).toEqual([
        {
          functionResponse: {
            name: 'shot',
            response: { output: 'taken' },
            parts: [{ inlineData: { mimeType: 'image/png', data: PNG, displayName: 'screen.png' } }],
          },
        },
      ]);
    } else {
      expect(parts).toEqual([
        { functionResponse: { name: 'shot', response: { output: 'taken' } } },
        { inlineData: { mimeType: 'image/png', data: PNG } },
      ]);
    }
  });
});

describe('history', () => {
  test('a tool result without its call goes as text; consecutive messages of one role merge', async () => {
    const body = await sent({
      messages: [
        { role: 'user', content: 'one' },
        { role: 'user', content: 'two' },
        { role: 'tool', toolCallId: 'lost', toolName: 'f', content: '42' },
      ],
    });
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'one' }, { text: 'two' }, { text: 'Result of tool "f" (lost): 42' }] },
    ]);
  });
});
