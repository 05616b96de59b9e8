import { type ListLanguage, listDate, listWord } from './wording.ts';

/** One service of a list as printed and sent: what a client needs to get there. */
export type ListViewItem = {
  name: string;
  /** Null when the service is no longer listed. */
  organizationName: string | null;
  phones: string[];
  addresses: string[];
  hours: string | null;
  url: string | null;
  note: string | null;
  gone: boolean;
};

/** A list as printed and sent (never the client's name or contact details). */
export type ListView = {
  language: ListLanguage;
  organizationName: string;
  note: string | null;
  items: ListViewItem[];
  preparedAt: Date;
};

function itemLines(lang: ListLanguage, item: ListViewItem, index: number): string[] {
  const lines = [`${index + 1}. ${item.name}`];
  if (item.gone) return [...lines, `   ${listWord(lang, 'gone')}`];
  if (item.organizationName) lines.push(`   ${item.organizationName}`);
  for (const phone of item.phones) lines.push(`   ${listWord(lang, 'phone')}: ${phone}`);
  for (const address of item.addresses) lines.push(`   ${listWord(lang, 'address')}: ${address}`);
  if (item.hours) lines.push(`   ${listWord(lang, 'hours')}: ${item.hours}`);
  if (item.url) lines.push(`   ${listWord(lang, 'website')}: ${item.url}`);
  if (item.note) lines.push(`   ${listWord(lang, 'note')}: ${item.note}`);
  return lines;
}

/** The list as an email (subject and plain text) and as a short text message. */
export function renderListMessage(view: ListView): { subject: string; text: string; sms: string } {
  const lang = view.language;
  const organization = view.organizationName;
  const text = [
    listWord(lang, 'heading'),
    listWord(lang, 'from', { organization }),
    listWord(lang, 'prepared', { date: listDate(lang, view.preparedAt) }),
    '',
    ...(view.note ? [view.note, ''] : []),
    ...view.items.flatMap((item, i) => [...itemLines(lang, item, i), '']),
    listWord(lang, 'footer'),
  ].join('\n');
  const sms = [
    listWord(lang, 'smsIntro', { organization }),
    ...view.items
      .filter((item) => !item.gone)
      .map((item, i) => [`${i + 1}. ${item.name}`, item.phones[0]].filter(Boolean).join(' ')),
  ].join('\n');
  return { subject: listWord(lang, 'subject', { organization }), text, sms };
}
