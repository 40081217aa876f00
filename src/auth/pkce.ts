/**
 * PKCE (RFC 7636) with the S256 method, which Mastodon accepts since 4.3: a random verifier of 43+
 * characters from the unreserved set (section 4.1), and its SHA-256 in base64url as the challenge
 * (section 4.2). node:crypto provides both the randomness and the hash.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface Pkce {
  verifier: string;
  challenge: string;
  method: 'S256';
}

export function createPkce(): Pkce {
  // 32 random bytes give a 43-character base64url verifier, the RFC's minimum length and full entropy.
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: challengeOf(verifier), method: 'S256' };
}

export function challengeOf(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** An unguessable `state` value binding the authorization response to this login (RFC 6749 section 10.12). */
export function createState(): string {
  return randomBytes(16).toString('base64url');
}
