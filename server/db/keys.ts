import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';

export type Keys = { encryption: Buffer; hmac: Buffer };

/**
 * The keys protecting client data: from config, or (development and tests only) generated once
 * into DATA_DIR/keys.json with owner-only permissions. Production config requires both keys.
 */
export async function loadKeys(
  config: Pick<Config, 'ENCRYPTION_KEY' | 'HMAC_KEY' | 'dataDir' | 'NODE_ENV'>,
): Promise<Keys> {
  if (config.ENCRYPTION_KEY && config.HMAC_KEY) {
    return {
      encryption: Buffer.from(config.ENCRYPTION_KEY, 'base64'),
      hmac: Buffer.from(config.HMAC_KEY, 'base64'),
    };
  }
  if (config.NODE_ENV === 'production') {
    throw new Error('ENCRYPTION_KEY and HMAC_KEY are required in production.');
  }
  const file = path.join(config.dataDir, 'keys.json');
  try {
    const stored = JSON.parse(await readFile(file, 'utf8')) as { encryption: string; hmac: string };
    return {
      encryption: Buffer.from(stored.encryption, 'base64'),
      hmac: Buffer.from(stored.hmac, 'base64'),
    };
  } catch {
    const keys = { encryption: randomBytes(32), hmac: randomBytes(32) };
    await mkdir(config.dataDir, { recursive: true });
    await writeFile(
      file,
      JSON.stringify({
        encryption: keys.encryption.toString('base64'),
        hmac: keys.hmac.toString('base64'),
      }),
      { mode: 0o600, flag: 'wx' },
    ).catch(async () => {
      // Another process wrote it first: use theirs, so both encrypt alike.
      return undefined;
    });
    const stored = JSON.parse(await readFile(file, 'utf8')) as { encryption: string; hmac: string };
    return {
      encryption: Buffer.from(stored.encryption, 'base64'),
      hmac: Buffer.from(stored.hmac, 'base64'),
    };
  }
}
