import { describe, expect, it } from 'vitest';
import { hostAllowed } from '../../../../server/http/host-check.ts';

describe('hostAllowed', () => {
  it('takes the loopback names at the port the request reached', () => {
    for (const host of ['127.0.0.1:4321', 'localhost:4321', '[::1]:4321']) {
      expect(hostAllowed(host, 4321, [])).toBe(true);
    }
    expect(hostAllowed('localhost:8080', 4321, [])).toBe(false);
    expect(hostAllowed('localhost', 80, [])).toBe(true);
  });

  it('refuses a rebound name, whatever its port', () => {
    expect(hostAllowed('rebind.attacker.example:4321', 4321, [])).toBe(false);
    expect(hostAllowed('rebind.attacker.example', undefined, [])).toBe(false);
    expect(hostAllowed('localhost.attacker.example:4321', 4321, [])).toBe(false);
  });

  it('takes configured names, with any port or the one given', () => {
    expect(hostAllowed('runsheet.example.com', 8080, ['runsheet.example.com'])).toBe(true);
    expect(hostAllowed('runsheet.example.com:8443', 8080, ['runsheet.example.com'])).toBe(true);
    expect(hostAllowed('runsheet.example.com:8443', 8080, ['runsheet.example.com:443'])).toBe(
      false,
    );
  });
});
