import type { Database } from '../db/database.ts';
import type { FieldCipher } from '../db/encryption.ts';
import type { Logger } from '../logger.ts';
import type { SearchIndex } from '../search/engine.ts';
import type { Clock } from './clock.ts';

/** What domain functions are handed: storage, search, time, logs and the settings they read. */
/** Sign-in attempts allowed per window, per email and per address (see accounts/rate-limit.ts). */
export type SignInLimits = { windowMinutes: number; perEmail: number; perAddress: number };

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
    /** Sign-in attempts allowed per email and per address in a window. */
    signInLimits: SignInLimits;
    /** Resource lists sent per person per hour, and per recipient per day. */
    listSendLimits: { perUserPerHour: number; perRecipientPerDay: number };
    /** Tile URL template for the web map; null: the offline outline map. */
    mapTileUrl: string | null;
    mapTileAttribution: string;
    /** Nominatim or Pelias base URL for street addresses; null: the directory's own addresses. */
    geocoderUrl: string | null;
  };
};
