import type { Database } from '../db/database.ts';
import type { FieldCipher } from '../db/encryption.ts';
import type { Logger } from '../logger.ts';
import type { SearchIndex } from '../search/engine.ts';
import type { Clock } from './clock.ts';

/** What domain functions are handed: storage, search, time, logs and the settings they read. */
export type DomainDeps = {
  db: Database;
  search: SearchIndex;
  clock: Clock;
  logger: Logger;
  cipher: FieldCipher;
  settings: {
    staleAfterDays: number;
    capacityTtlHours: number;
    sessionTtlHours: number;
    referralResponseHours: number;
    /** Days a signed "still accurate?" link works. */
    listingConfirmationLinkDays: number;
    /** Days between two "still accurate?" emails about one stale listing. */
    listingConfirmationEveryDays: number;
    /** Tile URL template for the web map; null: the offline outline map. */
    mapTileUrl: string | null;
    mapTileAttribution: string;
    /** Nominatim or Pelias base URL for street addresses; null: the directory's own addresses. */
    geocoderUrl: string | null;
  };
};
