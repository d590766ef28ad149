import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../index.js';
import { displayURL, registerHeaders, registerKey, registerQuery, registerURL } from './index.js';

describe('@agno/core/credentials', () => {
  it('registers credentials of any shape with the one registry core redacts from', () => {
    registerKey('gw_prod_0123456789abcdef');
    registerKey('lm-studio'); // a placeholder, not a secret
    registerHeaders(
      new Headers({ 'x-portkey-token': 'pk_tok_9f8e7d6c5b4a', 'anthropic-version': '2023-06-01' }),
    );
    registerQuery({ api_key: 'q_secret_value_123', version: '2024-10-01' });
    registerURL('https://user:url_pass_5678xyz@gateway.example/v1');
    const text =
      'gw_prod_0123456789abcdef pk_tok_9f8e7d6c5b4a q_secret_value_123 url_pass_5678xyz 2023-06-01 2024-10-01 lm-studio';
    expect(redactSecrets(text)).toBe(
      '[redacted] [redacted] [redacted] [redacted] 2023-06-01 2024-10-01 lm-studio',
    );
    expect(displayURL('https://user:url_pass_5678xyz@gateway.example/v1?key=x')).toBe(
      'https://gateway.example/v1',
    );
  });
});
