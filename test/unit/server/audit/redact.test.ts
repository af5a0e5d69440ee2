import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../../server/audit/redact.ts';

describe('redactSecrets', () => {
  it('hides the values of secret fields at any depth', () => {
    expect(
      redactSecrets({
        password: 'p',
        mongoPassword: 'p',
        apiKey: 'k',
        api_key: 'k',
        token: 't',
        Authorization: 'Bearer t',
        nested: [{ clientSecret: 's', credentials: { user: 'u' } }],
      }),
    ).toEqual({
      password: '[redacted]',
      mongoPassword: '[redacted]',
      apiKey: '[redacted]',
      api_key: '[redacted]',
      token: '[redacted]',
      Authorization: '[redacted]',
      nested: [{ clientSecret: '[redacted]', credentials: '[redacted]' }],
    });
  });

  it('leaves dates and other non-plain values as they are', () => {
    const at = new Date('2026-01-04T10:00:00Z');
    expect(redactSecrets({ at, bytes: Buffer.from('x') })).toEqual({ at, bytes: Buffer.from('x') });
  });

  it('keeps data that only sounds like a secret', () => {
    const data = { nextPageToken: 'abc=', secretName: 'mongodb-credentials', tokenCount: 3 };
    expect(redactSecrets(data)).toEqual(data);
  });

  it('hides the password of a connection string inside any text', () => {
    expect(
      redactSecrets('connect to mongodb+srv://wes:Pa55@db.example.com/wes_db?tls=true now'),
    ).toBe('connect to mongodb+srv://wes:[redacted]@db.example.com/wes_db?tls=true now');
    expect(redactSecrets('https://example.com/path')).toBe('https://example.com/path');
  });
});
