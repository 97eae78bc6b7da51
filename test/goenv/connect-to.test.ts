import { describe, expect, it } from 'vitest';
import { ConnectToError, connectAddress, parseConnectTo } from '../../src/capture/connect-to.js';

describe("--connect-to, curl's HOST:PORT:CONNECT_HOST:CONNECT_PORT", () => {
  it('parses the four fields, brackets for IPv6, empty fields as wildcards or "keep"', () => {
    expect(parseConnectTo('corp.example:443:127.0.0.1:8443')).toEqual({ host: 'corp.example', port: 443, connectHost: '127.0.0.1', connectPort: 8443 });
    expect(parseConnectTo('::[::1]:')).toEqual({ host: '', port: null, connectHost: '::1', connectPort: null });
    expect(parseConnectTo('[::1]:443:[::1]:9443')).toEqual({ host: '::1', port: 443, connectHost: '::1', connectPort: 9443 });
  });

  it('first matching rule wins; the name is matched without case; no rule: null', () => {
    const rules = ['a.example:443:127.0.0.1:1001', ':443:127.0.0.1:1002', 'a.example::127.0.0.1:1003'].map(parseConnectTo);
    expect(connectAddress(rules, 'A.example', 443)).toEqual({ host: '127.0.0.1', port: 1001 });
    expect(connectAddress(rules, 'b.example', 443)).toEqual({ host: '127.0.0.1', port: 1002 });
    expect(connectAddress(rules, 'a.example', 8443)).toEqual({ host: '127.0.0.1', port: 1003 });
    expect(connectAddress(rules, 'b.example', 8443)).toBeNull();
    expect(connectAddress([parseConnectTo('a.example:443::8443')], 'a.example', 443)).toEqual({ host: 'a.example', port: 8443 });
  });

  it.each(['a.example:443:127.0.0.1', 'a.example:0:127.0.0.1:1', 'a.example:443:127.0.0.1:99999', '[::1:443:x:1', 'a:b:c:d'])(
    'refuses %j with one line', (value) => {
      expect(() => parseConnectTo(value)).toThrow(ConnectToError);
      try {
        parseConnectTo(value);
      } catch (e) {
        expect((e as Error).message).toMatch(/^--connect-to "/);
        expect((e as Error).message).not.toContain('\n');
      }
    },
  );
});
