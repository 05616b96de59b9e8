import { useCallback, useEffect, useRef, useState } from 'react';
import type { TypedDocument } from '../generated/graphql';
import { GraphQLRequestError, request } from './graphql';

export const LIVE_INTERVAL_MS = 10_000;

export type LiveQueryState<Result> = {
  data: Result | null;
  error: GraphQLRequestError | null;
  /** True until the first answer for these variables. */
  loading: boolean;
  /** Asks again now (after a change made here, or an event). */
  refresh: () => void;
};

function asRequestError(error: unknown): GraphQLRequestError {
  return error instanceof GraphQLRequestError
    ? error
    : new GraphQLRequestError(String(error), 'network');
}

/**
 * Runs a query and keeps it current: asks again every `intervalMs`, when the tab becomes visible,
 * and on `refresh()`. Unlike useQuery, a failed refresh keeps the last data and reports the error.
 */
export function useLiveQuery<Result, Variables>(
  document: TypedDocument<Result, Variables>,
  variables: Variables,
  options: { skip?: boolean; intervalMs?: number } = {},
): LiveQueryState<Result> {
  const key = JSON.stringify(variables);
  const skip = options.skip ?? false;
  const intervalMs = options.intervalMs ?? LIVE_INTERVAL_MS;
  const [tick, setTick] = useState(0);
  const [state, setState] = useState<{
    key: string;
    data: Result | null;
    error: GraphQLRequestError | null;
  }>({ key, data: null, error: null });
  const inFlight = useRef<AbortController | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for the variables; tick asks again
  useEffect(
    function runLiveQuery() {
      if (skip) return;
      inFlight.current?.abort();
      const controller = new AbortController();
      inFlight.current = controller;
      request(document, JSON.parse(key) as Variables, { signal: controller.signal }).then(
        (data) => {
          if (!controller.signal.aborted) setState({ key, data, error: null });
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          setState((previous) => ({
            key,
            data: previous.key === key ? previous.data : null,
            error: asRequestError(error),
          }));
        },
      );
      return function cancelLiveQuery() {
        controller.abort();
      };
    },
    [document, key, skip, tick],
  );

  useEffect(
    function pollLiveQuery() {
      if (skip || intervalMs <= 0) return;
      const timer = window.setInterval(() => {
        if (!window.document.hidden) setTick((n) => n + 1);
      }, intervalMs);
      function handleVisible() {
        if (!window.document.hidden) setTick((n) => n + 1);
      }
      window.document.addEventListener('visibilitychange', handleVisible);
      return function stopPolling() {
        window.clearInterval(timer);
        window.document.removeEventListener('visibilitychange', handleVisible);
      };
    },
    [skip, intervalMs],
  );

  const refresh = useCallback(() => setTick((n) => n + 1), []);
  const current = state.key === key;
  return {
    data: current ? state.data : null,
    error: current ? state.error : null,
    loading: !skip && (!current || (state.data === null && state.error === null)),
    refresh,
  };
}
