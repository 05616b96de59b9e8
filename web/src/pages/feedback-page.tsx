import '../features/feedback/feedback.css';
import { SurveyForm } from '../features/feedback/survey-form';

export type FeedbackPageProps = { token: string };

/** `/feedback/:token`: the client's survey, public (the link is the credential), phone-first. */
export function FeedbackPage({ token }: FeedbackPageProps) {
  return (
    <div className="feedback-page">
      <SurveyForm token={token} />
    </div>
  );
}
