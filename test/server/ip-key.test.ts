/**
 * The per-address key: IPv4 as is, IPv6 by its /64, IPv4-mapped IPv6 as IPv4, ports dropped. Random addresses,
 * written in the forms proxies and sockets use, are checked against node:net (`isIP`, `BlockList`) as the oracle.
 */
import { BlockList, isIP } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { ipBucketKey } from '../../src/server/http/ip-key.js';
import { prng, type Rng } from '../helpers/prng.js';

/** An IPv6 address's groups written in one of the ways it reaches a server. */
function writeIpv6(groups: number[], rng: Rng): string {
  const hex = groups.map((g) => (rng.chance(0.2) ? g.toString(16).padStart(4, '0') : g.toString(16)));
  let text = hex.join(':');
  // Compress the longest run of zero groups (if any), as inet_ntop does.
  let best = { at: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.length > 1 && rng.chance(0.8))
    text = `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
  if (rng.chance(0.3)) text = text.toUpperCase();
  if (rng.chance(0.2)) text = `[${text}]:${rng.int(65536)}`;
  return text;
}

const randomGroups = (rng: Rng) => Array.from({ length: 8 }, () => (rng.chance(0.3) ? 0 : rng.int(0x10000)));

describe('ipBucketKey', () => {
  it('keys IPv6 by its /64, whatever the spelling (node:net BlockList as the oracle)', () => {
    const rng = prng(64);
    for (let i = 0; i < 2000; i++) {
      const groups = randomGroups(rng);
      if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) continue; // IPv4-mapped: below
      const written = writeIpv6(groups, rng);
      const key = ipBucketKey(written);
      expect(key).toMatch(/^[\da-f]{1,4}(?::[\da-f]{1,4}){3}::\/64$/);
      const prefix = key.slice(0, -'/64'.length);
      expect(isIP(prefix)).toBe(6);
      const subnet = new BlockList();
      subnet.addSubnet(prefix, 64, 'ipv6');
      const plain = groups.map((g) => g.toString(16)).join(':');
      expect(subnet.check(plain, 'ipv6')).toBe(true);
      // The next /64 up is another key.
      const other = [...groups];
      other[3] = (other[3]! + 1) & 0xffff;
      expect(subnet.check(other.map((g) => g.toString(16)).join(':'), 'ipv6')).toBe(false);
      expect(ipBucketKey(other.map((g) => g.toString(16)).join(':'))).not.toBe(key);
    }
  });

  it('reads an IPv4-mapped IPv6 address as its IPv4 address, in every spelling', () => {
    const rng = prng(4);
    for (let i = 0; i < 500; i++) {
      const v4 = [rng.int(256), rng.int(256), rng.int(256), rng.int(256)];
      const dotted = v4.join('.');
      const hex = `${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
      for (const written of [
        dotted,
        `${dotted}:${rng.int(65536)}`,
        `::ffff:${dotted}`,
        `::FFFF:${dotted}`,
        `::ffff:${hex}`,
        `0:0:0:0:0:ffff:${dotted}`,
        `0000:0000:0000:0000:0000:FFFF:${hex}`,
        `[::ffff:${dotted}]:443`,
      ])
        expect(ipBucketKey(written)).toBe(dotted);
    }
  });

  it('gives the documented keys for common forms', () => {
    expect(ipBucketKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(ipBucketKey('2001:0db8:0001:0002:ffff:0:0:9')).toBe('2001:db8:1:2::/64');
    expect(ipBucketKey('[2001:db8:1:2::9]:8443')).toBe('2001:db8:1:2::/64');
    expect(ipBucketKey('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(ipBucketKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(ipBucketKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
    expect(ipBucketKey('::1')).toBe('0:0:0:0::/64');
    expect(ipBucketKey(' 192.0.2.5 ')).toBe('192.0.2.5');
    expect(ipBucketKey('010.0.0.1')).toBe('10.0.0.1');
  });

  it('keys what is not an address as `unknown` (never as a /64 that many clients would share by accident)', () => {
    for (const junk of [
      undefined,
      '',
      'unknown',
      '_hidden',
      '1.2.3',
      '1.2.3.256',
      '1.2.3.4.5',
      '1:2:3',
      '1::2::3',
      '12345::1',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7:8::',
      '1.2.3.4::',
      '::ffff:1.2.3',
      '::ffff:1.2.3.4:5678',
      'g::1',
    ])
      expect(ipBucketKey(junk)).toBe('unknown');
  });
});
