/**
 * The undici connector that decides which address a connection really goes to: `--connect-to` rules
 * first, then DNS, then the address guard on the address actually used. Checking the resolved address
 * here (not the URL) closes DNS-rebinding tricks: the address that was checked is the one connected to.
 * The host name of the URL stays the TLS server name (SNI and certificate check), as with curl.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { buildConnector } from 'undici';
import { blockedAddressReason, isIpLiteral } from './addressGuard.js';
import type { ConnectToRule } from './options.js';
import { NetError } from './types.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to its addresses; tests inject one to simulate DNS answers. */
export type HostLookup = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemLookup: HostLookup = async (hostname) => {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** Why an address may not be contacted (null: fine). The default is the address guard. */
export type AddressPolicy = (address: string, host: string) => string | null;

export interface GuardedConnectorOptions {
  allowPrivateNetwork: boolean;
  /** Replaces the address guard's rule (tests: let one "public" test host through, keep the rest). */
  addressPolicy?: AddressPolicy | undefined;
  connectTo: readonly ConnectToRule[];
  lookup: HostLookup;
  ca?: string | Buffer | undefined;
  connectTimeoutMs: number;
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function isLocalhostName(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost');
}

/** Picks the address to connect to for `hostname`, or throws NetError('blocked_address' | 'dns'). */
export async function resolveTarget(
  hostname: string,
  port: number,
  opts: Pick<GuardedConnectorOptions, 'allowPrivateNetwork' | 'connectTo' | 'lookup' | 'addressPolicy'>,
  urlForErrors: string,
): Promise<{ address: string; port: number }> {
  // `example.social.` is the same name as `example.social` (a fully qualified name, RFC 1034 section 3.1).
  const name = stripBrackets(hostname).toLowerCase().replace(/(?<=[^.])\.$/, '');
  const rule = opts.connectTo.find((r) => r.host === name);
  if (!rule && !opts.allowPrivateNetwork && opts.addressPolicy === undefined && isLocalhostName(name)) {
    // RFC 6761 section 6.3: localhost names are the loopback, whatever a resolver may say; refused
    // without asking DNS.
    throw new NetError('blocked_address', urlForErrors, `refusing to connect to ${name}: a loopback name; only public addresses are contacted`);
  }
  const targetName = rule ? rule.address : name;
  const targetPort = rule ? rule.port : port;
  let candidates: ResolvedAddress[];
  if (isIpLiteral(targetName)) {
    candidates = [{ address: targetName, family: targetName.includes(':') ? 6 : 4 }];
  } else {
    try {
      candidates = await opts.lookup(targetName);
    } catch (cause) {
      if (cause instanceof NetError) throw new NetError(cause.kind, urlForErrors, cause.message, { cause });
      throw new NetError('dns', urlForErrors, `cannot resolve ${targetName}`, { cause });
    }
    if (candidates.length === 0) throw new NetError('dns', urlForErrors, `no address for ${targetName}`);
  }
  if (opts.allowPrivateNetwork) return { address: candidates[0]!.address, port: targetPort };
  // Refuse the host if any of its addresses is private: a name that mixes public and private answers is
  // either misconfigured or an attempt to slip past the guard.
  const policy = opts.addressPolicy ?? ((address: string) => blockedAddressReason(address));
  for (const c of candidates) {
    const reason = policy(c.address, name);
    if (reason !== null) {
      throw new NetError(
        'blocked_address',
        urlForErrors,
        `refusing to connect to ${name} (${c.address}): ${reason}; only public addresses are contacted`,
      );
    }
  }
  return { address: candidates[0]!.address, port: targetPort };
}

/**
 * The TLS context every connection of one client shares. Without one, tls.connect builds a new context
 * per connection (and, with `ca`, parses the certificates again each time): measurable CPU when a resolve
 * run opens hundreds of connections. An extra CA is added to Node's bundled roots, not put in their place.
 * Certificate and host name checks are unchanged: they happen per connection, on the socket.
 */
export function sharedSecureContext(ca: string | Buffer | undefined): SecureContext {
  return createSecureContext(ca !== undefined ? { ca: [...rootCertificates, ca] } : {});
}

export function createGuardedConnector(opts: GuardedConnectorOptions): buildConnector.connector {
  const base = buildConnector({
    timeout: opts.connectTimeoutMs,
    secureContext: sharedSecureContext(opts.ca),
  });
  // A resolver that never answers would hold the connection (and the caller's slot) forever: the
  // request's own timer cannot abort a request that has no connection yet. DNS counts as connecting.
  const boundedLookup: HostLookup = (hostname) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new NetError('timeout', hostname, `resolving ${hostname} took over ${opts.connectTimeoutMs} ms`)),
        opts.connectTimeoutMs,
      );
      opts.lookup(hostname).then(
        (answers) => (clearTimeout(timer), resolve(answers)),
        (error: unknown) => (clearTimeout(timer), reject(error)),
      );
    });
  return (options, callback) => {
    const protocol = options.protocol;
    const port = Number(options.port) || (protocol === 'https:' ? 443 : 80);
    const url = `${protocol}//${options.host}`;
    resolveTarget(options.hostname, port, { ...opts, lookup: boundedLookup }, url).then(
      (target) => {
        const name = stripBrackets(options.hostname);
        base(
          {
            ...options,
            hostname: target.address,
            port: String(target.port),
            // The URL's name, not the address, is what the certificate must be valid for.
            servername: options.servername || (isIpLiteral(name) ? '' : name),
          },
          callback,
        );
      },
      (error: unknown) => callback(error as Error, null),
    );
  };
}
