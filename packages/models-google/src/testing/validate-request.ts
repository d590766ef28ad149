/**
 * The checks the Gemini API makes of a `generateContent` body, so that tests catch a request the
 * real API would reject: roles, non-empty parts, function responses answering the calls of the
 * turn before them (as many, same names, in order), structured output settings, one thinking
 * setting, and (Gemini 3) a thought signature on the first function call of every step of the
 * current turn.
 */

const MISSING_SIGNATURE =
  'Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance.';

/** The problem with `body` for `model`, or `undefined` when the API would accept it. */
export function validate(body: any, model: string): string | undefined {
  if (body === null || typeof body !== 'object') return 'the request body must be a JSON object';
  const contents = body.contents;
  if (!Array.isArray(contents) || contents.length === 0)
    return '* GenerateContentRequest.contents: contents is not specified';
  for (let i = 0; i < contents.length; i++) {
    const c = contents[i];
    if (c.role !== undefined && c.role !== 'user' && c.role !== 'model')
      return `* GenerateContentRequest.contents[${i}].role: Please use a valid role: user, model.`;
    if (!Array.isArray(c.parts) || c.parts.length === 0)
      return `* GenerateContentRequest.contents[${i}].parts: contents.parts must not be empty.`;
    for (const p of c.parts) {
      if (
        p.text === undefined &&
        p.functionCall === undefined &&
        p.functionResponse === undefined &&
        p.inlineData === undefined &&
        p.fileData === undefined
      )
        return `* GenerateContentRequest.contents[${i}].parts: a part must hold data`;
      if (p.fileData !== undefined && !p.fileData.mimeType)
        return `* GenerateContentRequest.contents[${i}].parts.file_data.mime_type: required`;
    }
  }
  const problem = checkResponses(contents) ?? checkSignatures(contents, model);
  if (problem !== undefined) return problem;
  const g = body.generationConfig ?? {};
  if (g.responseJsonSchema !== undefined && g.responseMimeType !== 'application/json')
    return '* GenerateContentRequest.generation_config.response_mime_type: must be application/json when response_json_schema is set';
  const t = g.thinkingConfig;
  if (t?.thinkingLevel !== undefined && t?.thinkingBudget !== undefined)
    return 'You can only set only one of thinking budget and thinking level.';
  for (const tool of body.tools ?? []) {
    for (const f of tool.functionDeclarations ?? []) {
      if (typeof f.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$/.test(f.name))
        return `* GenerateContentRequest.tools[0].function_declarations: invalid name "${f.name}"`;
    }
  }
  return undefined;
}

/** Every model turn with calls is answered, in the next user turn, by one response per call. */
function checkResponses(contents: any[]): string | undefined {
  for (let i = 0; i < contents.length; i++) {
    const calls = (contents[i].parts as any[]).filter((p) => p.functionCall !== undefined);
    const responses = (contents[i].parts as any[]).filter((p) => p.functionResponse !== undefined);
    if (responses.length > 0) {
      const before = contents[i - 1];
      const asked =
        before?.role === 'model' ? (before.parts as any[]).filter((p) => p.functionCall !== undefined) : [];
      if (asked.length !== responses.length)
        return 'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.';
      for (let k = 0; k < asked.length; k++) {
        if (asked[k].functionCall.name !== responses[k].functionResponse.name)
          return `function response ${k} names "${responses[k].functionResponse.name}", its call "${asked[k].functionCall.name}"`;
        if (typeof responses[k].functionResponse.response !== 'object')
          return '* functionResponse.response: must be an object';
      }
    }
    if (calls.length > 0 && contents[i].role !== 'model') return 'function calls must be in model turns';
    if (calls.length > 0 && i + 1 < contents.length) {
      const next = contents[i + 1];
      if (next.role !== 'user' || !(next.parts as any[]).some((p) => p.functionResponse !== undefined))
        return 'Please ensure that function call turn comes immediately after a user turn or after a function response turn.';
    }
  }
  return undefined;
}

/** Gemini 3: each model step of the current turn that calls functions has a signature on its first call. */
function checkSignatures(contents: any[], model: string): string | undefined {
  const m = /gemini-(\d+)/.exec(model);
  if (m === null || Number(m[1]) < 3) return undefined;
  // The current turn starts after the last user content holding text (not function responses).
  let start = 0;
  for (let i = contents.length - 1; i >= 0; i--) {
    const c = contents[i];
    if (c.role === 'user' && (c.parts as any[]).some((p) => p.text !== undefined)) {
      start = i;
      break;
    }
  }
  for (let i = start; i < contents.length; i++) {
    const first = (contents[i].parts as any[]).find((p) => p.functionCall !== undefined);
    if (first !== undefined && typeof first.thoughtSignature !== 'string') return MISSING_SIGNATURE;
  }
  return undefined;
}
