/**
 * Parsing of the network testing options (DESIGN.md section 2): `--connect-to HOST:ADDR:PORT`, repeatable,
 * and `LEAVE_PLATFORM_CONNECT_TO` (comma-separated). Like curl's --connect-to, a URL naming HOST is
 * connected to ADDR:PORT while HOST stays the name used for TLS (SNI, certificate check) and `Host`.
 */
import { UsageError } from '../errors.js';

export interface ConnectToRule {
  /** Lower-case host name (or IP literal without brackets) as it appears in URLs. */
  host: string;
  /** An IP literal (no brackets) or a host name to connect to instead. */
  address: string;
  port: number;
}

const HOST_NAME = /^(?=.{1,253}$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i;

/** Parses one `HOST:ADDR:PORT` entry; ADDR may be a bracketed IPv6 literal (`example.social:[::1]:8443`). */
export function parseConnectTo(entry: string): ConnectToRule {
  const text = entry.trim();
  const fail = (why: string): never => {
    throw new UsageError(`--connect-to "${entry}": ${why}`, {
      hint: 'Write it as HOST:ADDR:PORT, for example example.social:127.0.0.1:8443.',
    });
  };
  const firstColon = text.indexOf(':');
  if (firstColon <= 0) fail('expected HOST:ADDR:PORT');
  const host = text.slice(0, firstColon).toLowerCase();
  const rest = text.slice(firstColon + 1);
  const lastColon = rest.lastIndexOf(':');
  if (lastColon <= 0) fail('expected HOST:ADDR:PORT');
  let address = rest.slice(0, lastColon);
  const portText = rest.slice(lastColon + 1);
  if (address.startsWith('[')) {
    if (!address.endsWith(']')) fail('an IPv6 address must be written in brackets, like [::1]');
    address = address.slice(1, -1);
    if (!address.includes(':')) fail(`"[${address}]" is not an IPv6 address`);
  } else if (address.includes(':')) {
    fail('an IPv6 address must be written in brackets, like [::1]');
  } else if (!HOST_NAME.test(address)) {
    fail(`"${address}" is not an address or host name`);
  }
  if (!HOST_NAME.test(host)) fail(`"${host}" is not a host name`);
  if (!/^\d{1,5}$/.test(portText)) fail(`"${portText}" is not a port number`);
  const port = Number(portText);
  if (port < 1 || port > 65535) fail(`port ${port} is out of range (1-65535)`);
  return { host, address: address.toLowerCase(), port };
}

/** Parses every entry (flags and environment already merged); a later rule for the same host wins. */
export function parseConnectToList(entries: readonly string[]): ConnectToRule[] {
  const byHost = new Map<string, ConnectToRule>();
  for (const entry of entries) {
    if (entry.trim() === '') continue;
    const rule = parseConnectTo(entry);
    byHost.set(rule.host, rule);
  }
  return [...byHost.values()];
}

/** Splits `LEAVE_PLATFORM_CONNECT_TO` (comma-separated entries). */
export function splitConnectToEnv(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}
