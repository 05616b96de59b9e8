import { type FormEvent, useId, useState } from 'react';
import {
  RecordAttendanceDocument,
  ReferralAppointmentsDocument,
  type ReferralAppointmentsQuery,
  RequestRideDocument,
  ScheduleAppointmentDocument,
} from '../../generated/graphql';
import { GraphQLRequestError, request } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { useQuery } from '../../lib/use-query';
import { Badge } from '../../ui/badge';
import { Field, TextField } from '../../ui/field';
import { StatusMessage } from '../../ui/status-message';
import { formatLocal, formatLocalTime, zoneName } from './internal/local-time';
import { type AppointmentTranslate, useAppointmentWords } from './internal/wording';

type Data = ReferralAppointmentsQuery['referral'];
type Appointment = Data['appointments'][number];
type Notice = { tone: 'info' | 'error'; text: string } | null;

export type AppointmentsPanelProps = {
  referralId: string;
  /** The viewer refers the client (books, asks for rides). */
  referring: boolean;
  /** The viewer is the receiving agency (books, marks attendance). */
  receiving: boolean;
};

const OPEN = ['SENT', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD'];

function failureText(failure: unknown, fallback: string): string {
  return failure instanceof GraphQLRequestError && failure.kind === 'api'
    ? failure.message
    : fallback;
}

/** A referral's appointments: the list, attendance, .ics, a ride, and the booking form. */
export function AppointmentsPanel({ referralId, referring, receiving }: AppointmentsPanelProps) {
  const w = useAppointmentWords();
  const { t } = useI18n();
  const id = useId();
  const query = useQuery(ReferralAppointmentsDocument, { id: referralId });
  const [notice, setNotice] = useState<Notice>(null);
  const data = query.data?.referral;
  const canBook = Boolean(data && OPEN.includes(data.status) && (referring || receiving));
  if (data?.ride) return <RideFacts ride={data.ride} w={w} />;

  return (
    <section className="panel appointments" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{w('title')}</h2>
      {query.loading && !data ? <p role="status">{w('loading')}</p> : null}
      {query.error ? (
        <StatusMessage tone="error">{w('failed', { message: query.error.message })}</StatusMessage>
      ) : null}
      {notice ? <StatusMessage tone={notice.tone}>{notice.text}</StatusMessage> : null}
      {data && data.appointments.length === 0 ? <p className="hint">{w('none')}</p> : null}
      {data && data.appointments.length > 0 ? (
        <ul className="appointment-list">
          {data.appointments.map((appointment) => (
            <AppointmentItem
              key={appointment.id}
              appointment={appointment}
              referring={referring}
              receiving={receiving}
              onNotice={setNotice}
              onChanged={query.retry}
            />
          ))}
        </ul>
      ) : null}
      {data && canBook ? (
        <BookingForm
          referralId={referralId}
          sites={data.appointmentSites}
          onBooked={() => {
            setNotice({ tone: 'info', text: w('booked') });
            query.retry();
          }}
        />
      ) : null}
      {!data && !query.loading && !query.error ? (
        <p className="hint">{t('referral.loading')}</p>
      ) : null}
    </section>
  );
}

type RideFactsProps = { ride: NonNullable<Data['ride']>; w: AppointmentTranslate };

function RideFacts({ ride, w }: RideFactsProps) {
  const { locale } = useI18n();
  const id = useId();
  const zone = zoneName(ride.timezone, locale);
  return (
    <section className="panel ride-facts" aria-labelledby={`${id}-trip`}>
      <h2 id={`${id}-trip`}>{w('trip')}</h2>
      <dl className="facts">
        <div>
          <dt>{w('pickupAddress')}</dt>
          <dd>{ride.pickupAddress ?? <span className="hint">{w('notShared')}</span>}</dd>
        </div>
        <div>
          <dt>{w('pickup')}</dt>
          <dd>
            {formatLocal(ride.pickupLocal, locale)} {zone}
          </dd>
        </div>
        <div>
          <dt>{w('destination')}</dt>
          <dd>{[ride.destinationName, ride.destinationAddress].filter(Boolean).join(', ')}</dd>
        </div>
        <div>
          <dt>{w('back')}</dt>
          <dd>
            {formatLocal(ride.returnLocal, locale)} {zone}
          </dd>
        </div>
      </dl>
      <p className="hint">{w('travel', { minutes: ride.travelMinutes, km: ride.distanceKm })}</p>
    </section>
  );
}

type AppointmentItemProps = {
  appointment: Appointment;
  referring: boolean;
  receiving: boolean;
  onNotice: (notice: Notice) => void;
  onChanged: () => void;
};

function AppointmentItem({
  appointment,
  referring,
  receiving,
  onNotice,
  onChanged,
}: AppointmentItemProps) {
  const w = useAppointmentWords();
  const { t, locale } = useI18n();
  const [busy, setBusy] = useState<'mark' | 'ride' | null>(null);
  const started = new Date(appointment.startAt).getTime() <= Date.now();
  const upcoming = !started && appointment.status === 'SCHEDULED';
  const when = formatLocal(appointment.startLocal, locale);
  const label = w('for', { when, site: appointment.site.name });

  async function handleMark(status: 'ATTENDED' | 'MISSED') {
    setBusy('mark');
    onNotice(null);
    try {
      await request(RecordAttendanceDocument, {
        input: { appointmentId: appointment.id, status },
      });
      onChanged();
    } catch (failure) {
      onNotice({
        tone: 'error',
        text: w('notMarked', { message: failureText(failure, t('search.networkError')) }),
      });
    } finally {
      setBusy(null);
    }
  }

  async function handleRide() {
    setBusy('ride');
    onNotice(null);
    try {
      const result = await request(RequestRideDocument, {
        input: { appointmentId: appointment.id },
      });
      onNotice({
        tone: 'info',
        text: w('rideSent', {
          pickup: formatLocalTime(result.requestRide.ride.pickupLocal, locale),
          back: formatLocalTime(result.requestRide.ride.returnLocal, locale),
        }),
      });
      onChanged();
    } catch (failure) {
      onNotice({
        tone: 'error',
        text: w('rideFailed', { message: failureText(failure, t('search.networkError')) }),
      });
    } finally {
      setBusy(null);
    }
  }

  const tone =
    appointment.status === 'ATTENDED'
      ? 'good'
      : appointment.status === 'MISSED'
        ? 'bad'
        : 'neutral';
  return (
    <li className="appointment">
      <p className="appointment-when">
        <strong>
          <time dateTime={appointment.startAt}>{when}</time>
        </strong>
        {' – '}
        <time dateTime={appointment.endAt}>{formatLocalTime(appointment.endLocal, locale)}</time>{' '}
        <span className="hint">
          {zoneName(appointment.site.timezone, locale, new Date(appointment.startAt))}
        </span>{' '}
        <Badge tone={tone}>{w(`status.${appointment.status}`)}</Badge>
      </p>
      <p className="appointment-site">
        {appointment.site.name}
        {appointment.site.address ? (
          <span className="hint"> · {appointment.site.address}</span>
        ) : null}
      </p>
      {appointment.instructions ? (
        <p className="appointment-instructions">{appointment.instructions}</p>
      ) : null}
      <div className="appointment-actions">
        <a className="button-secondary" href={appointment.calendarUrl} download>
          {w('calendar')}
          <span className="visually-hidden"> {label}</span>
        </a>
        {receiving && started && appointment.status === 'SCHEDULED' ? (
          <>
            <button
              type="button"
              className="button-secondary"
              disabled={busy !== null}
              onClick={() => handleMark('ATTENDED')}
            >
              {busy === 'mark' ? w('marking') : w('attended')}
              <span className="visually-hidden"> {label}</span>
            </button>
            <button
              type="button"
              className="button-secondary"
              disabled={busy !== null}
              onClick={() => handleMark('MISSED')}
            >
              {w('missed')}
              <span className="visually-hidden"> {label}</span>
            </button>
          </>
        ) : null}
        {referring && appointment.rideReferralId ? (
          <Link to={`/referrals/${encodeURIComponent(appointment.rideReferralId)}`}>
            {w('rideRequested')}
          </Link>
        ) : null}
        {referring && upcoming && !appointment.rideReferralId ? (
          <button
            type="button"
            className="button-secondary"
            disabled={busy !== null}
            onClick={handleRide}
          >
            {busy === 'ride' ? w('rideAsking') : w('ride')}
            <span className="visually-hidden"> {label}</span>
          </button>
        ) : null}
      </div>
    </li>
  );
}

type BookingFormProps = {
  referralId: string;
  sites: Data['appointmentSites'];
  onBooked: () => void;
};

const FIELD_OF: Record<string, string> = {
  serviceAtLocationId: 'site',
  start: 'start',
  end: 'end',
  instructions: 'instructions',
};

function BookingForm({ referralId, sites, onBooked }: BookingFormProps) {
  const w = useAppointmentWords();
  const { t, locale } = useI18n();
  const id = useId();
  const [site, setSite] = useState(sites[0]?.serviceAtLocationId ?? '');
  const [date, setDate] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [instructions, setInstructions] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const chosen = sites.find((s) => s.serviceAtLocationId === site);
  const fieldId = (name: string) => `${id}-${name}`;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setErrors({});
    try {
      await request(ScheduleAppointmentDocument, {
        input: {
          referralId,
          serviceAtLocationId: site,
          start: `${date}T${start}`,
          end: `${date}T${end}`,
          instructions: instructions.trim() || null,
        },
      });
      setDate('');
      setStart('');
      setEnd('');
      setInstructions('');
      onBooked();
    } catch (failure) {
      const issues = failure instanceof GraphQLRequestError ? failure.issues : [];
      const byField: Record<string, string[]> = {};
      for (const issue of issues) {
        const key = fieldId(FIELD_OF[issue.path] ?? 'date');
        byField[key] = [...(byField[key] ?? []), issue.message];
      }
      setErrors(byField);
      setError(w('notBooked', { message: failureText(failure, t('search.networkError')) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="appointment-form" onSubmit={handleSubmit} aria-labelledby={`${id}-book`}>
      <h3 id={`${id}-book`}>{w('book')}</h3>
      {error ? <StatusMessage tone="error">{error}</StatusMessage> : null}
      {sites.length > 1 ? (
        <Field id={fieldId('site')} label={w('site')} errors={errors}>
          {(aria) => (
            <select {...aria} value={site} onChange={(event) => setSite(event.target.value)}>
              {sites.map((s) => (
                <option key={s.serviceAtLocationId} value={s.serviceAtLocationId}>
                  {s.name}
                  {s.address ? ` — ${s.address}` : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : chosen ? (
        <p>
          <strong>{w('site')}:</strong> {chosen.name}
          {chosen.address ? <span className="hint"> · {chosen.address}</span> : null}
        </p>
      ) : null}
      <div className="appointment-times">
        <TextField
          id={fieldId('date')}
          label={w('date')}
          errors={errors}
          type="date"
          required
          value={date}
          onChange={setDate}
        />
        <TextField
          id={fieldId('start')}
          label={w('start')}
          errors={errors}
          type="time"
          required
          value={start}
          onChange={setStart}
        />
        <TextField
          id={fieldId('end')}
          label={w('end')}
          errors={errors}
          type="time"
          required
          value={end}
          onChange={setEnd}
        />
      </div>
      {chosen ? (
        <p className="hint">{w('timezone', { zone: zoneName(chosen.timezone, locale) })}</p>
      ) : null}
      <Field id={fieldId('instructions')} label={w('instructions')} errors={errors}>
        {(aria) => (
          <textarea
            {...aria}
            rows={2}
            maxLength={1000}
            value={instructions}
            onChange={(event) => setInstructions(event.target.value)}
          />
        )}
      </Field>
      <button type="submit" className="button-primary" disabled={busy || !site}>
        {busy ? w('saving') : w('save')}
      </button>
    </form>
  );
}
