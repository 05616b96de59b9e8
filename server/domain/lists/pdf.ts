import PDFDocument from 'pdfkit';
import type { ListView } from './render.ts';
import { listDate, listWord } from './wording.ts';

const MARGIN = 54;
const INK = '#1b1f24';
const MUTED = '#4a5562';

export type PdfDocument = InstanceType<typeof PDFDocument>;

/** The house look of printed pages: margins and the two inks. */
export const pdfStyle = { margin: MARGIN, ink: INK, muted: MUTED } as const;

/**
 * Makes a Letter-size PDF (the built-in Helvetica) in a language: `draw` writes its content.
 * Shared by everything Wayfinder prints (resource lists, care plans).
 */
export function writePdf(
  options: { lang: string; title: string; author?: string | null },
  draw: (doc: PdfDocument) => void,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: MARGIN,
    lang: options.lang,
    info: { Title: options.title, Author: options.author ?? undefined, Creator: 'Wayfinder' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc);
  doc.end();
  return done;
}

/** Renders a list as a printable PDF (Letter, the built-in Helvetica) in the list's language. */
export function renderListPdf(view: ListView): Promise<Buffer> {
  const lang = view.language;
  return writePdf(
    { lang, title: listWord(lang, 'heading'), author: view.organizationName },
    (doc) => drawList(doc, view),
  );
}

function drawList(doc: PdfDocument, view: ListView): void {
  const lang = view.language;

  doc.fillColor(INK).font('Helvetica-Bold').fontSize(20).text(listWord(lang, 'heading'));
  doc.moveDown(0.2).font('Helvetica').fontSize(11).fillColor(MUTED);
  if (view.organizationName) {
    doc.text(listWord(lang, 'from', { organization: view.organizationName }));
  }
  doc.text(listWord(lang, 'prepared', { date: listDate(lang, view.preparedAt) }));
  if (view.note) {
    doc.moveDown().fillColor(INK).fontSize(12).text(view.note);
  }

  for (const [index, item] of view.items.entries()) {
    doc.moveDown(1.2);
    if (doc.y > doc.page.height - MARGIN - 90) doc.addPage();
    doc
      .fillColor(INK)
      .font('Helvetica-Bold')
      .fontSize(14)
      .text(`${index + 1}. ${item.name}`);
    doc.font('Helvetica').fontSize(11);
    if (item.gone) {
      doc.fillColor(MUTED).text(listWord(lang, 'gone'));
    } else {
      if (item.organizationName) doc.fillColor(MUTED).text(item.organizationName);
      doc.fillColor(INK);
      const rows: Array<[string, string]> = [
        ...item.phones.map((p): [string, string] => [listWord(lang, 'phone'), p]),
        ...item.addresses.map((a): [string, string] => [listWord(lang, 'address'), a]),
        ...(item.hours ? [[listWord(lang, 'hours'), item.hours] as [string, string]] : []),
        ...(item.url ? [[listWord(lang, 'website'), item.url] as [string, string]] : []),
      ];
      for (const [label, value] of rows) {
        doc.font('Helvetica-Bold').text(`${label}: `, { continued: true });
        doc.font('Helvetica').text(value);
      }
    }
    if (item.note) {
      doc.moveDown(0.3).font('Helvetica-Oblique').fillColor(INK);
      doc.text(`${listWord(lang, 'note')}: ${item.note}`);
      doc.font('Helvetica');
    }
  }

  doc.moveDown(2).fontSize(10).fillColor(MUTED).text(listWord(lang, 'footer'));
}
