import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geocodeAddress } from './geocoder.ts';

// A fake geocoder: Nominatim at /search, Pelias at /v1/search, a failing one at /down/search.
let server: Server;
let base: string;
const seen: URL[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    seen.push(url);
    const json = (body: unknown) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/search') {
      json(
        url.searchParams.get('q') === 'Colfax'
          ? [{ lat: '39.74', lon: '-104.98', display_name: 'East Colfax Avenue', place_rank: 26 }]
          : [],
      );
    } else if (url.pathname === '/v1/search') {
      json({
        features: [
          {
            geometry: { coordinates: [-104.9903, 39.7393] },
            properties: {
              label: '1437 Bannock St, Denver, CO',
              accuracy: 'point',
              layer: 'address',
            },
          },
        ],
      });
    } else {
      res.writeHead(503).end();
    }
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server?.close();
});

describe('geocodeAddress', () => {
  it('reads Nominatim, calling a street (not a house) approximate', async () => {
    expect(await geocodeAddress(base, 'Colfax')).toEqual({
      latitude: 39.74,
      longitude: -104.98,
      label: 'East Colfax Avenue',
      approximate: true,
    });
    expect(await geocodeAddress(base, 'nowhere')).toBeNull();
    expect(seen.at(-1)?.searchParams.get('countrycodes')).toBe('us');
  });

  it('reads Pelias when the URL ends in /v1, an address point being exact', async () => {
    expect(await geocodeAddress(`${base}/v1`, '1437 Bannock St')).toEqual({
      latitude: 39.7393,
      longitude: -104.9903,
      label: '1437 Bannock St, Denver, CO',
      approximate: false,
    });
    expect(seen.at(-1)?.searchParams.get('text')).toBe('1437 Bannock St');
    expect(seen.at(-1)?.searchParams.get('boundary.country')).toBe('USA');
  });

  it('throws when the geocoder answers with an error, so the caller can fall back', async () => {
    await expect(geocodeAddress(`${base}/down`, 'Colfax')).rejects.toThrow('geocoder answered 503');
  });
});
