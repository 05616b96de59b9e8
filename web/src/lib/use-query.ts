import { useCallback, useEffect, useState } from 'react';
import type { TypedDocument } from '../generated/graphql';
import { GraphQLRequestError, request } from './graphql';

export type QueryState<Result> = {
  data: Result | null;
  error: GraphQLRequestError | null;
  loading: boolean;
  retry: () => void;
};

/** Runs a query when its variables change, cancelling the previous request. */
export function useQuery<Result, Variables>(
  document: TypedDocument<Result, Variables>,
  variables: Variables,
  options: { skip?: boolean } = {},
): QueryState<Result> {
  const key = JSON.stringify(variables);
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<Omit<QueryState<Result>, 'retry'>>({
    data: null,
    error: null,
    loading: !options.skip,
  });
  const skip = options.skip ?? false;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for the variables
  useEffect(
    function runQuery() {
      if (skip) return;
      const controller = new AbortController();
      setState((previous) => ({ ...previous, loading: true, error: null }));
      request(document, JSON.parse(key) as Variables, { signal: controller.signal }).then(
        (data) => setState({ data, error: null, loading: false }),
        (error: unknown) => {
          if (controller.signal.aborted) return;
          const failure =
            error instanceof GraphQLRequestError
              ? error
              : new GraphQLRequestError(String(error), 'network');
          setState({ data: null, error: failure, loading: false });
        },
      );
      return function cancelQuery() {
        controller.abort();
      };
    },
    [document, key, skip, attempt],
  );
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}
