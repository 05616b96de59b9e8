import '../features/care/care.css';
import { useState } from 'react';
import { CaseloadTable } from '../features/care/caseload-table';
import { useCareWords } from '../features/care/internal/wording';
import { TasksDue } from '../features/care/tasks-due';
import { useRequiredUser } from '../features/session/use-required-user';

/** A coordinator's day: tasks due, then every client on the caseload. */
export function CaseloadPage() {
  const user = useRequiredUser();
  const { w } = useCareWords();
  // Closing a task changes the caseload's figures: remount the table to read them again.
  const [version, setVersion] = useState(0);
  if (!user) return null;
  return (
    <div className="caseload-page">
      <h1>{w('caseload.title')}</h1>
      <p className="hint">{w('caseload.intro')}</p>
      <TasksDue onChanged={() => setVersion((v) => v + 1)} />
      <CaseloadTable key={version} />
    </div>
  );
}
