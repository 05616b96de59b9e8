import { useEffect, useRef, useState } from 'react';
import { ReferralEventsDocument, type ReferralEventsSubscription } from '../../generated/graphql';
import { subscribe } from '../../lib/event-stream';

type Change = ReferralEventsSubscription['referralEvents'];

/** How often to ask again: rarely while the event stream is live, every 10 s without it. */
export const POLL_LIVE_MS = 30_000;
export const POLL_FALLBACK_MS = 10_000;

/**
 * Listens to referralEvents over server-sent events and calls `onChange` for each change (and
 * after a reconnect, since changes may have been missed). Reconnects with back-off. Returns
 * whether the stream is live, so callers poll often only while it is not.
 */
export function useReferralEvents(enabled: boolean, onChange: (change: Change | null) => void) {
  const [live, setLive] = useState(false);
  const handler = useRef(onChange);
  handler.current = onChange;

  useEffect(
    function streamReferralEvents() {
      if (!enabled) return;
      let stop: (() => void) | null = null;
      let timer: number | undefined;
      let attempts = 0;
      let cancelled = false;
      function connect() {
        stop = subscribe(
          ReferralEventsDocument,
          {},
          {
            onOpen() {
              if (attempts > 0) handler.current(null);
              attempts = 0;
              setLive(true);
            },
            onData(data) {
              handler.current(data.referralEvents);
            },
            onClose() {
              setLive(false);
              if (cancelled) return;
              attempts += 1;
              const delay = Math.min(30_000, 1_000 * 2 ** Math.min(attempts, 5));
              timer = window.setTimeout(connect, delay);
            },
          },
        );
      }
      connect();
      return function stopReferralEvents() {
        cancelled = true;
        window.clearTimeout(timer);
        stop?.();
        setLive(false);
      };
    },
    [enabled],
  );
  return live;
}
