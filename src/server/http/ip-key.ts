/**
 * The key every per-address limit counts under. One client usually owns a whole IPv6 /64 and can pick any address
 * in it, so IPv6 is keyed by its /64: rotating addresses must not multiply a budget. An IPv4-mapped IPv6 address
 * (`::ffff:192.0.2.5`, however written) is that IPv4 address, and a port some proxies append (`192.0.2.5:51234`,
 * `[2001:db8::1]:443`) is dropped, since a client chooses its source port. Plain code rather than `node:net`: the
 * signing endpoint also runs on edge runtimes.
 */

/** A dotted quad as its key writes it: each part 0..255 without leading zeros. */
const CANONICAL_V4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** The key of a client's address: IPv4 as a dotted quad, IPv6 as `<first four groups>::/64`, else `unknown`. */
export function ipBucketKey(ip: string | undefined): string {
  if (ip === undefined) return 'unknown';
  // What sockets report, already in its key's form: answered without the general parse below (every request).
  if (CANONICAL_V4.test(ip)) return ip;
  if (ip.startsWith('::ffff:') && CANONICAL_V4.test(ip.slice(7))) return ip.slice(7);
  let text = ip.trim();
  const bracketed = /^\[([^\]]*)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^[\d.]+:\d{1,5}$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  const v4 = ipv4Key(text);
  if (v4 !== undefined) return v4;
  const groups = ipv6Groups(text.replace(/%.*$/, '')); // a zone (`fe80::1%eth0`) names the interface, not the host
  if (groups === undefined) return 'unknown';
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff)
    return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join('.');
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** A dotted-quad IPv4 address, normalised (`010.0.0.1` is `10.0.0.1`), or `undefined`. */
function ipv4Key(text: string): string | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.map(Number).join('.');
}

/** The eight 16-bit groups of an IPv6 address (an IPv4 tail counts as two), or `undefined` when malformed. */
function ipv6Groups(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (half: string): number[] | undefined => {
    if (half === '') return [];
    const parts = half.split(':');
    const groups: number[] = [];
    for (const [i, part] of parts.entries()) {
      if (/^[\da-f]{1,4}$/i.test(part)) groups.push(Number.parseInt(part, 16));
      else if (i === parts.length - 1 && ipv4Key(part) !== undefined) {
        const [a, b, c, d] = part.split('.').map(Number) as [number, number, number, number];
        groups.push((a << 8) | b, (c << 8) | d);
      } else return undefined;
    }
    return groups;
  };
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if (head === undefined || tail === undefined) return undefined;
  if (halves.length === 2 && halves[0]!.includes('.')) return undefined; // an IPv4 part only at the very end
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...Array<number>(missing).fill(0), ...tail];
}
