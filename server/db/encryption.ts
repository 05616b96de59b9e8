import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { Keys } from './keys.ts';

/** An AES-256-GCM ciphertext as stored: version, nonce, tag and data, base64url, dot-separated. */
export type Sealed = string;

const VERSION = 'v1';

/** Field encryption for client identifiers at rest, and keyed hashes to look them up. */
export type FieldCipher = {
  seal(plaintext: string): Sealed;
  open(sealed: Sealed): string;
  /** A keyed hash (HMAC-SHA-256) of a normalized value, scoped by `purpose`. */
  lookupHash(purpose: string, value: string): string;
  /**
   * A MAC (HMAC-SHA-256, base64url) of `message` for signed links and tokens, under a key derived
   * from the HMAC key for `purpose` (HKDF), so no signature is valid for another purpose.
   */
  sign(purpose: string, message: string): string;
};

/** Builds the cipher from the loaded keys. `open` throws on a tampered or foreign ciphertext. */
export function createFieldCipher(keys: Keys): FieldCipher {
  const signingKeys = new Map<string, Buffer>();
  const signingKey = (purpose: string): Buffer => {
    let key = signingKeys.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', keys.hmac, '', `wayfinder signing: ${purpose}`, 32));
      signingKeys.set(purpose, key);
    }
    return key;
  };
  return {
    seal(plaintext) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keys.encryption, nonce);
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, nonce, cipher.getAuthTag(), data]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    open(sealed) {
      const [version, nonce, tag, data] = sealed.split('.');
      if (version !== VERSION || !nonce || !tag || data === undefined) {
        throw new Error('Not a sealed value.');
      }
      const decipher = createDecipheriv(
        'aes-256-gcm',
        keys.encryption,
        Buffer.from(nonce, 'base64url'),
      );
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(data, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    },
    lookupHash(purpose, value) {
      const normalized = value.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
      return createHmac('sha256', keys.hmac)
        .update(`${purpose}\u0000${normalized}`)
        .digest('base64url');
    },
    sign(purpose, message) {
      return createHmac('sha256', signingKey(purpose)).update(message).digest('base64url');
    },
  };
}
