/**
 * A throwaway certificate authority and one server certificate valid for every test host name, made with
 * node-forge when a test fediverse starts. RSA key generation is the slow part, so the two key pairs are
 * made once (Node's native generator) and cached: in memory for this process and in os.tmpdir() for the
 * next test worker. Only test code uses these keys; they protect nothing.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';

interface KeyPems {
  caKey: string;
  serverKey: string;
}

export interface TestCertificates {
  /** PEM of the CA certificate: the only thing a client needs to trust the server. */
  ca: string;
  /** PEM of the server certificate and its key. */
  cert: string;
  key: string;
}

let cachedKeys: KeyPems | null = null;

function keyCachePath(): string {
  let user = 'user';
  try {
    user = String(userInfo().uid);
  } catch {
    // no uid on this platform; a shared name is fine for throwaway keys
  }
  return join(tmpdir(), `leave-platform-test-keys-${user}.json`);
}

function newKeyPem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
}

function loadKeys(): KeyPems {
  if (cachedKeys) return cachedKeys;
  const path = keyCachePath();
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<KeyPems>;
    if (typeof parsed.caKey === 'string' && typeof parsed.serverKey === 'string') {
      cachedKeys = { caKey: parsed.caKey, serverKey: parsed.serverKey };
      return cachedKeys;
    }
  } catch {
    // no cache yet, or unreadable: make new keys below
  }
  cachedKeys = { caKey: newKeyPem(), serverKey: newKeyPem() };
  try {
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(cachedKeys), { mode: 0o600 });
    renameSync(tmp, path);
  } catch {
    // caching is an optimisation only
  }
  return cachedKeys;
}

function serial(): string {
  // Positive, 16 bytes: RFC 5280 section 4.1.2.2.
  return `01${randomBytes(15).toString('hex')}`;
}

/** Makes a CA and a server certificate for `hostNames` (DNS names; IPv4 literals become IP SANs). */
export function makeTestCertificates(hostNames: readonly string[]): TestCertificates {
  const keys = loadKeys();
  const caKey = forge.pki.privateKeyFromPem(keys.caKey);
  const serverKey = forge.pki.privateKeyFromPem(keys.serverKey);
  const notBefore = new Date(Date.now() - 24 * 3600_000);
  const notAfter = new Date(Date.now() + 7 * 24 * 3600_000);

  const caCert = forge.pki.createCertificate();
  caCert.publicKey = forge.pki.setRsaPublicKey(caKey.n, caKey.e);
  caCert.serialNumber = serial();
  caCert.validity.notBefore = notBefore;
  caCert.validity.notAfter = notAfter;
  const caName = [{ name: 'commonName', value: 'leave-platform test CA (throwaway)' }];
  caCert.setSubject(caName);
  caCert.setIssuer(caName);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(caKey, forge.md.sha256.create());

  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(serverKey.n, serverKey.e);
  cert.serialNumber = serial();
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  cert.setSubject([{ name: 'commonName', value: hostNames[0] ?? 'localhost' }]);
  cert.setIssuer(caName);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: hostNames.map((h) => (/^\d+\.\d+\.\d+\.\d+$/.test(h) ? { type: 7, ip: h } : { type: 2, value: h })),
    },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKey, forge.md.sha256.create());

  return {
    ca: forge.pki.certificateToPem(caCert),
    cert: forge.pki.certificateToPem(cert),
    key: keys.serverKey,
  };
}
