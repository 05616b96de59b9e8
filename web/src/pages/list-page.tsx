import '../features/lists/lists.css';
import { ListClientLink } from '../features/clients/list-client-link';
import { useListWords } from '../features/lists/internal/wording';
import { ListEditor } from '../features/lists/list-editor';
import { useRequiredUser } from '../features/session/use-required-user';
import { ResourceListDocument } from '../generated/graphql';
import { Link } from '../lib/router';
import { useQuery } from '../lib/use-query';
import { StatusMessage } from '../ui/status-message';

export type ListPageProps = { id: string };

/** `/lists/:id`: edit a resource list, then print, download or send it. */
export function ListPage({ id }: ListPageProps) {
  const w = useListWords();
  const user = useRequiredUser();
  const { data, error, loading, retry } = useQuery(ResourceListDocument, { id }, { skip: !user });
  const list = data?.resourceList;

  return (
    <div className="lists-page">
      <p>
        <Link to="/lists">{w('list.back')}</Link>
      </p>
      <h1>{list?.title || w('list.heading')}</h1>
      {loading && !list ? <p role="status">{w('list.loading')}</p> : null}
      {error ? (
        <StatusMessage tone="error">{w('list.error', { message: error.message })}</StatusMessage>
      ) : null}
      {list ? <ListClientLink list={list} onReload={retry} /> : null}
      {list ? <ListEditor list={list} onReload={retry} /> : null}
    </div>
  );
}
