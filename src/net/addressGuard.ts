/**
 * The address guard (DESIGN.md section 4): a remote archive or a hostile server must not be able to make
 * leave-platform talk to the user's own machine or network (SSRF). Every address a connection is about to
 * use, after DNS resolution and for every redirect hop, is checked here; only public unicast addresses pass
 * unless `--allow-private-network` is given.
 */
import ipaddr from 'ipaddr.js';

/** Why an address is refused, or null when it is a public unicast address. */
export function blockedAddressReason(address: string): string | null {
  const literal = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  // Zone ids (fe80::1%eth0) only exist on link-local addresses; ipaddr.js parses them too.
  if (!ipaddr.isValid(literal)) return 'not an IP address';
  const parsed = ipaddr.parse(literal);
  return parsed.kind() === 'ipv4' ? ipv4Reason(parsed as ipaddr.IPv4) : ipv6Reason(parsed as ipaddr.IPv6);
}

export function isBlockedAddress(address: string): boolean {
  return blockedAddressReason(address) !== null;
}

function ipv4Reason(ip: ipaddr.IPv4): string | null {
  // ipaddr.js names every special-purpose range of RFC 6890 (loopback, private, linkLocal, carrierGradeNat,
  // multicast, broadcast, unspecified, reserved/documentation...); only plain 'unicast' is the public internet.
  const range = ip.range();
  return range === 'unicast' ? null : `${range} IPv4 address`;
}

/** ::/96, the deprecated IPv4-compatible form (RFC 4291 section 2.5.5.1); also holds :: and ::1. */
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');
/**
 * 64:ff9b:1::/48, the local-use NAT64 prefix (RFC 8215): not globally routable by definition, and where the
 * IPv4 address sits inside it depends on the local network's prefix length (RFC 6052 section 2.2), so no
 * fixed position can be checked. ipaddr.js files it under 'rfc6052' with the well-known 64:ff9b::/96.
 */
const NAT64_LOCAL_USE = ipaddr.parseCIDR('64:ff9b:1::/48');

function ipv6Reason(ip: ipaddr.IPv6): string | null {
  const range: string = ip.range();
  switch (range) {
    case 'unicast':
      if (ip.match(IPV4_COMPATIBLE)) return 'IPv4-compatible IPv6 address';
      return null;
    case 'ipv4Mapped': // ::ffff:127.0.0.1 reaches 127.0.0.1 on dual-stack sockets
      return embedded(ip.toIPv4Address(), 'IPv4-mapped');
    case 'rfc6145': // ::ffff:0:a.b.c.d, IPv4-translated
      return embedded(lastFourBytes(ip), range);
    case 'rfc6052': // 64:ff9b::a.b.c.d, NAT64 reaches the embedded IPv4 address
      if (ip.match(NAT64_LOCAL_USE)) return 'local-use NAT64 IPv6 address';
      return embedded(lastFourBytes(ip), range);
    case '6to4': {
      // 2002:AABB:CCDD::/48 tunnels to AA.BB.CC.DD (RFC 3056).
      const b = ip.toByteArray();
      return embedded(new ipaddr.IPv4([b[2] ?? 0, b[3] ?? 0, b[4] ?? 0, b[5] ?? 0]), '6to4');
    }
    case 'teredo': {
      // 2001:0:SSSS:SSSS:flags:port:CCCC:CCCC (RFC 4380 section 4): the Teredo server's IPv4 address, and
      // the client's, stored with every bit inverted; a Teredo interface sends straight to the client.
      const b = ip.toByteArray();
      const server = new ipaddr.IPv4([b[4] ?? 0, b[5] ?? 0, b[6] ?? 0, b[7] ?? 0]);
      const client = new ipaddr.IPv4([12, 13, 14, 15].map((i) => ~(b[i] ?? 0) & 0xff));
      return embedded(server, 'Teredo (server)') ?? embedded(client, 'Teredo (client)');
    }
    default:
      // Everything else ipaddr.js names (loopback, linkLocal, uniqueLocal, multicast, unspecified, discard,
      // documentation and other reserved blocks, benchmarking, ORCHID...) is not the public internet; as
      // for IPv4, only plain 'unicast' passes.
      return `${range} IPv6 address`;
  }
}

function lastFourBytes(ip: ipaddr.IPv6): ipaddr.IPv4 {
  const b = ip.toByteArray();
  return new ipaddr.IPv4([b[12] ?? 0, b[13] ?? 0, b[14] ?? 0, b[15] ?? 0]);
}

function embedded(v4: ipaddr.IPv4, form: string): string | null {
  const inner = ipv4Reason(v4);
  return inner === null ? null : `${form} IPv6 address embedding a ${inner}`;
}

/** True when `host` (a URL hostname, brackets allowed) is an IP literal rather than a name. */
export function isIpLiteral(host: string): boolean {
  const literal = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return ipaddr.isValid(literal) && (literal.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(literal));
}
