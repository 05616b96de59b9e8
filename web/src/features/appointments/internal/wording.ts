import { fillTemplate, useI18n } from '../../../lib/i18n';

const en = {
  title: 'Appointments',
  none: 'No appointment booked yet.',
  loading: 'Loading appointments…',
  failed: 'Appointments could not be loaded: {message}',
  book: 'Book an appointment',
  site: 'Site',
  date: 'Date',
  start: 'Starts',
  end: 'Ends',
  timezone: 'Times are in the site’s time zone ({zone}).',
  instructions: 'Instructions for the client (optional)',
  save: 'Book appointment',
  saving: 'Booking…',
  booked:
    'Appointment booked. The client gets a reminder the day before if they agreed to be contacted.',
  notBooked: 'The appointment was not booked: {message}',
  'status.SCHEDULED': 'Scheduled',
  'status.ATTENDED': 'Attended',
  'status.MISSED': 'Missed',
  calendar: 'Add to calendar (.ics)',
  attended: 'Mark attended',
  missed: 'Mark missed',
  marking: 'Saving…',
  notMarked: 'Attendance was not saved: {message}',
  ride: 'Needs a ride',
  rideAsking: 'Finding a ride…',
  rideRequested: 'Ride requested',
  rideSent: 'A transportation referral was sent. Pickup at {pickup}, return at {back}.',
  rideFailed: 'No ride was requested: {message}',
  trip: 'Trip',
  pickupAddress: 'Pickup address',
  pickup: 'Pickup',
  destination: 'Destination',
  back: 'Return pickup',
  travel: 'About {minutes} minutes for {km} km in a straight line.',
  notShared: 'Not shared',
  for: 'for {when} at {site}',
};

type AppointmentWord = keyof typeof en;

const es: Record<AppointmentWord, string> = {
  title: 'Citas',
  none: 'Todavía no hay citas.',
  loading: 'Cargando citas…',
  failed: 'No se pudieron cargar las citas: {message}',
  book: 'Programar una cita',
  site: 'Sede',
  date: 'Fecha',
  start: 'Empieza',
  end: 'Termina',
  timezone: 'Las horas son de la zona horaria de la sede ({zone}).',
  instructions: 'Indicaciones para el cliente (opcional)',
  save: 'Programar cita',
  saving: 'Programando…',
  booked:
    'Cita programada. El cliente recibe un recordatorio el día anterior si aceptó que lo contacten.',
  notBooked: 'La cita no se programó: {message}',
  'status.SCHEDULED': 'Programada',
  'status.ATTENDED': 'Asistió',
  'status.MISSED': 'No asistió',
  calendar: 'Agregar al calendario (.ics)',
  attended: 'Marcar asistió',
  missed: 'Marcar no asistió',
  marking: 'Guardando…',
  notMarked: 'No se guardó la asistencia: {message}',
  ride: 'Necesita transporte',
  rideAsking: 'Buscando transporte…',
  rideRequested: 'Transporte solicitado',
  rideSent: 'Se envió una remisión de transporte. Recogida a las {pickup}, regreso a las {back}.',
  rideFailed: 'No se solicitó transporte: {message}',
  trip: 'Viaje',
  pickupAddress: 'Dirección de recogida',
  pickup: 'Recogida',
  destination: 'Destino',
  back: 'Recogida de regreso',
  travel: 'Unos {minutes} minutos para {km} km en línea recta.',
  notShared: 'No compartido',
  for: 'para el {when} en {site}',
};

export type AppointmentTranslate = (
  key: AppointmentWord,
  params?: Record<string, string | number>,
) => string;

/** Words for appointments and rides, in the UI language. */
export function useAppointmentWords(): AppointmentTranslate {
  const { lang } = useI18n();
  const dictionary = lang === 'es' ? es : en;
  return (key, params) => fillTemplate(dictionary[key], params);
}
