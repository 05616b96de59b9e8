import { createHash } from 'node:crypto';

/** Matches any RFC 4122 / 9562 UUID in canonical text form (any version, case-insensitive). */
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Our fixed namespace for every name-based id Wayfinder derives (a random v4, never change it). */
export const WAYFINDER_NAMESPACE = '5c3f1e0a-8d4b-4f6e-9a37-2b1d6c8e4f10';

/** True when `value` is a UUID in canonical 8-4-4-4-12 hex form. */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

function uuidBytes(uuid: string): Buffer {
  if (!isUuid(uuid)) throw new TypeError(`Not a UUID: ${uuid}`);
  return Buffer.from(uuid.replaceAll('-', ''), 'hex');
}

/** The RFC 9562 version-5 (SHA-1, name-based) UUID of `name` in `namespace`; throws on a bad namespace. */
export function uuidv5(name: string, namespace: string = WAYFINDER_NAMESPACE): string {
  const hash = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  // Version 5 in the high nibble of byte 6, RFC 4122 variant (10xx) in byte 8.
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
