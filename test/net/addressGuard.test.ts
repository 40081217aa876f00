import { describe, expect, it } from 'vitest';
import { blockedAddressReason, isBlockedAddress, isIpLiteral } from '../../src/net/addressGuard.js';

describe('address guard', () => {
  it.each([
    '127.0.0.1', '127.255.255.254', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254',
    '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '192.0.2.1',
    '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1', 'fec0::1',
    '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254', '64:ff9b::a00:1',
    '2002:7f00:1::1', '::127.0.0.1', '[::1]', '[::ffff:192.168.0.1]',
    // zone ids, 0.0.0.0/8, CGNAT, the translated form, reserved / documentation / benchmarking blocks
    'fe80::1%eth0', '0.1.2.3', '100.127.255.254', '::ffff:0:7f00:1', '::ffff:0.0.0.0', '240.0.0.1', '198.18.0.1',
    '2001:db8::1', '3fff::1', '2001:2::1', '2001:20::1', '5f00::1', '100::1',
    // NAT64 local-use prefix (RFC 8215): the IPv4 address may sit elsewhere than the last 32 bits
    '64:ff9b:1:a00:0:100:808:808', '64:ff9b:1::a00:1',
    // Teredo (RFC 4380) with a private client (inverted 192.168.1.1) or a loopback server
    '2001:0:4136:e378:8000:63bf:3f57:fefe', '2001:0:7f00:1:8000:63bf:f7f7:f7f7',
  ])('refuses %s', (address) => {
    expect(isBlockedAddress(address)).toBe(true);
    expect(blockedAddressReason(address)).toMatch(/address/);
  });

  it.each(['93.184.216.34', '1.1.1.1', '8.8.8.8', '2606:4700:4700::1111', '::ffff:93.184.216.34', '2001:db9::1', '[2a00:1450::1]', '64:ff9b::808:808', '2002:808:808::1', '2001:0:4136:e378:8000:63bf:f7f7:f7f7'])(
    'accepts public %s',
    (address) => {
      expect(blockedAddressReason(address)).toBeNull();
    },
  );

  it('refuses what is not an address at all', () => {
    expect(isBlockedAddress('example.com')).toBe(true);
    expect(isBlockedAddress('')).toBe(true);
  });

  it('tells IP literals from names', () => {
    expect(isIpLiteral('127.0.0.1')).toBe(true);
    expect(isIpLiteral('[::1]')).toBe(true);
    expect(isIpLiteral('::1')).toBe(true);
    expect(isIpLiteral('example.social')).toBe(false);
    expect(isIpLiteral('1.2.3')).toBe(false);
  });
});
