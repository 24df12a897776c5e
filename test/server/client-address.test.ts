import { describe, expect, it } from 'vitest';
import { addressKey } from '../../server/client-address.ts';

/** How per-address limits (public routes, wrong keys, connections) count a client. */
describe('addressKey', () => {
  it('counts an IPv4 address as itself, mapped or not', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::FFFF:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts an IPv6 address by its /64, however it is written, so rotating within it resets nothing', () => {
    const one = addressKey('2001:db8:85a3:12::1');
    expect(one).toBe('2001:db8:85a3:12::/64');
    for (const same of [
      '2001:db8:85a3:12:ffff:ffff:ffff:fffe',
      '2001:0db8:85a3:0012:0:0:0:9',
      '2001:db8:85a3:12::abcd%eth0',
    ])
      expect(addressKey(same)).toBe(one);
    expect(addressKey('2001:db8:85a3:13::1')).not.toBe(one);
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });

  it('has no address for a request without a socket', () => {
    expect(addressKey(undefined)).toBe('unknown');
    expect(addressKey('')).toBe('unknown');
  });
});
