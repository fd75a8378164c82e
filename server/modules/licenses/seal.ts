/**
 * 电子印章 (ADR 0028): each issuing department signs its licenses with its own SM2 key (GM/T 0003, through sm-crypto;
 * the digest is SM3 over the signer's Z value, GM/T 0009's default user id). What is signed is the license's canonical
 * text — type, number, version, holder, validity, issue day and the SHA-256 of its PDF — so the signature covers the
 * document's every byte through its hash, and the facts a verifier reads from the library. A private key is kept only
 * sealed (AES-256-GCM under a key derived from the server secret by HKDF); a rotated key signs nothing more and
 * still verifies what it signed.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import smCrypto from 'sm-crypto';

const { sm2 } = smCrypto;

export const SEAL_ALGORITHM = 'SM2-with-SM3';
const SIGN_OPTIONS = { hash: true, der: true } as const;

export interface SealKeyPair {
  publicKey: string;
  privateKey: string;
}

export function generateSealKey(): SealKeyPair {
  return sm2.generateKeyPairHex();
}

/** What a signature covers: one line per fact, in this order (version 1 of the format). */
export interface SignedFacts {
  typeCode: string;
  licenseNo: string;
  version: number;
  holderIdNo: string;
  holderName: string;
  validFrom: string;
  validUntil: string | null;
  issuedOn: string;
  pdfSha256: string;
}

export function canonicalText(f: SignedFacts): string {
  return ['YC-LICENSE-1', f.typeCode, f.licenseNo, String(f.version), f.holderIdNo, f.holderName, f.validFrom, f.validUntil ?? '长期', f.issuedOn, f.pdfSha256].join('\n');
}

export function sign(facts: SignedFacts, privateKey: string): string {
  return sm2.doSignature(canonicalText(facts), privateKey, SIGN_OPTIONS);
}

export function verify(facts: SignedFacts, signature: string, publicKey: string): boolean {
  try {
    return sm2.doVerifySignature(canonicalText(facts), signature, publicKey, SIGN_OPTIONS);
  } catch {
    return false; // a malformed signature or key verifies nothing
  }
}

function wrappingKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'yichuang-seal', 'seal-private-key-v1', 32));
}

export function sealPrivateKey(privateKey: string, secret: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', wrappingKey(secret), iv);
  const body = Buffer.concat([c.update(privateKey, 'utf8'), c.final()]);
  return [iv, c.getAuthTag(), body].map((b) => b.toString('base64')).join('.');
}

export function openPrivateKey(sealed: string, secret: string): string {
  const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64'));
  const d = createDecipheriv('aes-256-gcm', wrappingKey(secret), iv!);
  d.setAuthTag(tag!);
  return Buffer.concat([d.update(body!), d.final()]).toString('utf8');
}

/** A key id: the department's code, the day, and a random suffix (printed on the license). */
export function newKeyId(departmentCode: string, today: string): string {
  return `${departmentCode}-${today.replaceAll('-', '')}-${randomBytes(3).toString('hex').toUpperCase()}`;
}
