import { useState } from 'react';
import { SavedClientDocument, UpdateResourceListDocument } from '../../generated/graphql';
import { request } from '../../lib/graphql';
import { useQuery } from '../../lib/use-query';
import { StatusMessage } from '../../ui/status-message';
import { useClientWords } from './internal/wording';
import { SavedClientFinder } from './saved-client-finder';

export type ListClientLinkProps = {
  list: { id: string; version: number; clientId: string | null };
  onReload: () => void;
};

/** Links a resource list to a saved client, so sending can use the client's email or phone. */
export function ListClientLink({ list, onReload }: ListClientLinkProps) {
  const w = useClientWords();
  const linked = useQuery(
    SavedClientDocument,
    { id: list.clientId ?? '' },
    { skip: !list.clientId },
  );
  const [finding, setFinding] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function link(clientId: string) {
    setBusy(true);
    setFailure(null);
    try {
      await request(UpdateResourceListDocument, {
        input: { id: list.id, expectedVersion: list.version, clientId },
      });
      setFinding(false);
      onReload();
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  const name = linked.data?.client.name;
  return (
    <section className="list-client" aria-labelledby="list-client-title">
      <h2 id="list-client-title">{w('list.client')}</h2>
      {failure ? (
        <StatusMessage tone="error">{w('list.failed', { message: failure })}</StatusMessage>
      ) : null}
      {list.clientId ? (
        <p>
          {name ? w('list.clientLinked', { name }) : w('list.clientLinkedUnknown')}{' '}
          <button type="button" className="button-link" disabled={busy} onClick={() => link('')}>
            {w('list.unlink')}
          </button>
        </p>
      ) : finding ? (
        <SavedClientFinder
          onCancel={() => setFinding(false)}
          onPick={(client) => void link(client.id)}
        />
      ) : (
        <p>
          {w('list.clientNone')}{' '}
          <button type="button" className="button-secondary" onClick={() => setFinding(true)}>
            {w('list.link')}
          </button>
        </p>
      )}
    </section>
  );
}
