import { lazy, Suspense, useState } from 'react';
import { canRefer, useSession } from '../session/session-provider';
import { type SavedClientScreen, screenFromClient } from './internal/client-screen';
import { useClientWords } from './internal/wording';

// Coordinators only: the finder loads when it is opened.
const SavedClientFinder = lazy(() =>
  import('./saved-client-finder').then((module) => ({ default: module.SavedClientFinder })),
);

export type SearchClientPickerProps = {
  /** The saved client the search is for; '' for none. */
  clientId: string;
  /** Fills the quick screen and sets the client (or clears it with clientId ''). */
  onPick: (screen: Partial<SavedClientScreen>) => void;
};

/** "Use a saved client" in the search's who section, for coordinators. */
export function SearchClientPicker({ clientId, onPick }: SearchClientPickerProps) {
  const w = useClientWords();
  const { user } = useSession();
  const [finding, setFinding] = useState(false);
  const [pickedName, setPickedName] = useState<string | null>(null);
  if (!canRefer(user)) return null;
  if (clientId) {
    return (
      <p className="saved-client-current">
        {w('pick.for', { name: pickedName ?? w('pick.someone') })}{' '}
        <button type="button" className="button-link" onClick={() => onPick({ clientId: '' })}>
          {w('pick.clear')}
        </button>
      </p>
    );
  }
  if (!finding) {
    return (
      <p>
        <button type="button" className="button-secondary" onClick={() => setFinding(true)}>
          {w('pick.open')}
        </button>
      </p>
    );
  }
  return (
    <Suspense fallback={null}>
      <SavedClientFinder
        onCancel={() => setFinding(false)}
        onPick={(client) => {
          setPickedName(client.name);
          setFinding(false);
          onPick(screenFromClient(client, new Date()));
        }}
      />
    </Suspense>
  );
}
