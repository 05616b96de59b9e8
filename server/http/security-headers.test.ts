import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config.ts';
import { contentSecurityPolicy, tileImageSource } from './security-headers.ts';
import { httpSettings } from './settings.ts';

describe('security headers', () => {
  it('derives the tile origin from MAP_TILE_URL', () => {
    expect(tileImageSource('https://tile.example.org/{z}/{x}/{y}.png')).toBe(
      'https://tile.example.org',
    );
    expect(tileImageSource('https://{s}.tile.example.org:8443/{z}/{x}/{y}.png')).toBe(
      'https://*.tile.example.org:8443',
    );
    expect(tileImageSource(undefined)).toBeNull();
    expect(tileImageSource("https://x.org';script-src *")).toBeNull();
    expect(contentSecurityPolicy(undefined)).toContain("img-src 'self' data: blob:;");
  });

  it('turns HSTS on in production only, and trusts no proxy unless told', () => {
    const keys = { ENCRYPTION_KEY: 'A'.repeat(43) + '=', HMAC_KEY: 'B'.repeat(43) + '=' };
    expect(httpSettings(parseConfig({ NODE_ENV: 'production', ...keys })).hsts).toBe(true);
    expect(httpSettings(parseConfig({ NODE_ENV: 'development' })).hsts).toBe(false);
    expect(parseConfig({}).TRUST_PROXY).toBe(false);
    expect(parseConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(parseConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toBe(
      'loopback, 10.0.0.0/8',
    );
    expect(() => parseConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => parseConfig({ CORS_ORIGINS: 'partner.example.org' })).toThrow(/CORS_ORIGINS/);
  });
});
