import { type Connection, Schema } from 'mongoose';

/**
 * Appointments on referrals, rides to them, and the client's feedback afterwards. FerretDB v1
 * makes only an insert with a given `_id` atomic, so every "exactly once" here is such an insert:
 * an appointment's id is `<referralId>:<n>` (the next free number is the claim, and listing a
 * referral's appointments reads ids 1, 2, … by `_id`), `appointment_outcomes` holds one record per
 * appointment marked attended or missed, `appointment_reminders` one per reminder sent,
 * `feedback_surveys` one per referral asked for feedback and `feedback_responses` one per answer.
 * What describes the client (instructions, the pickup address, comments) is sealed.
 */
const options = { strict: false, versionKey: false, _id: false, minimize: false } as const;

const appointmentSchema = new Schema(
  { _id: String, referralId: String, clientId: String, status: String, startAt: Date },
  options,
);
const appointmentOutcomeSchema = new Schema({ _id: String, status: String, at: Date }, options);
const appointmentReminderSchema = new Schema({ _id: String, at: Date }, options);
const rideSchema = new Schema({ _id: String, appointmentId: String, sealed: String }, options);
const feedbackSurveySchema = new Schema({ _id: String, referralId: String, at: Date }, options);
const feedbackResponseSchema = new Schema(
  { _id: String, receivingOrganizationId: String, at: Date },
  options,
);

/** Registers the appointment, ride and feedback models on a connection. */
export function appointmentModels(connection: Connection) {
  return {
    Appointment: connection.model('Appointment', appointmentSchema, 'appointments'),
    AppointmentOutcome: connection.model(
      'AppointmentOutcome',
      appointmentOutcomeSchema,
      'appointment_outcomes',
    ),
    AppointmentReminder: connection.model(
      'AppointmentReminder',
      appointmentReminderSchema,
      'appointment_reminders',
    ),
    Ride: connection.model('Ride', rideSchema, 'rides'),
    FeedbackSurvey: connection.model('FeedbackSurvey', feedbackSurveySchema, 'feedback_surveys'),
    FeedbackResponse: connection.model(
      'FeedbackResponse',
      feedbackResponseSchema,
      'feedback_responses',
    ),
  };
}
