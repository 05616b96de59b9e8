import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, publicUrl } from './config.ts';

const key = Buffer.alloc(32, 7).toString('base64');

describe('config', () => {
  it('links to this machine unless a public address is set', () => {
    expect(publicUrl(parseConfig({ PORT: '4100' }))).toBe('http://localhost:4100');
    expect(publicUrl(parseConfig({ PUBLIC_URL: 'https://wayfinder.example.org/' }))).toBe(
      'https://wayfinder.example.org',
    );
  });

  it('refuses a public address that is not a web URL, naming the variable', () => {
    expect(() => parseConfig({ PUBLIC_URL: 'wayfinder.example.org' })).toThrow(
      /PUBLIC_URL: must be a URL/,
    );
    expect(() => parseConfig({ PUBLIC_URL: 'ftp://wayfinder.example.org' })).toThrow(
      /PUBLIC_URL: must start with http/,
    );
  });

  it('takes a tile server as a {z}/{x}/{y} template, credited to OpenStreetMap by default', () => {
    const config = parseConfig({ MAP_TILE_URL: 'https://tile.example.org/{z}/{x}/{y}.png' });
    expect(config.MAP_TILE_URL).toBe('https://tile.example.org/{z}/{x}/{y}.png');
    expect(config.MAP_TILE_ATTRIBUTION).toBe('© OpenStreetMap contributors');
    expect(parseConfig({}).MAP_TILE_URL).toBeUndefined();
    expect(() => parseConfig({ MAP_TILE_URL: 'https://tile.example.org/tiles.png' })).toThrow(
      /MAP_TILE_URL: must be an http\(s\) tile URL template with \{z\}, \{x\} and \{y\}/,
    );
    expect(() => parseConfig({ GEOCODER_URL: 'nominatim' })).toThrow(/GEOCODER_URL: must be a URL/);
  });

  it('requires a public address in production when email goes out by SMTP', () => {
    const production = {
      NODE_ENV: 'production',
      ENCRYPTION_KEY: key,
      HMAC_KEY: key,
      SMTP_URL: 'smtp://mail.example.org:25',
    };
    expect(() => parseConfig(production)).toThrow(ConfigError);
    expect(() => parseConfig(production)).toThrow(/PUBLIC_URL: is required in production/);
    expect(
      parseConfig({ ...production, PUBLIC_URL: 'https://wayfinder.example.org' }).PUBLIC_URL,
    ).toBe('https://wayfinder.example.org');
  });
});
