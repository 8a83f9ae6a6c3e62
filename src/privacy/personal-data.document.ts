/** A person's data as a readable, tagged PDF document: one heading and one table per kind of data. */
import type { PdfBlock, PdfDocument } from '../pdf/pdf-document.ts';
import { formatDateTime } from '../responses/answer-format.ts';
import { type Language, translatorFor } from '../web/i18n.ts';
import type { PersonalData } from './privacy.schema.ts';

function formatTime(iso: string | null, language: Language): string {
  return iso === null ? '–' : formatDateTime(iso, language);
}

/** Builds the PDF document of a person's data in one language. */
export function buildPersonalDataDocument(data: PersonalData, language: Language): PdfDocument {
  const t = translatorFor(language);
  const time = (iso: string | null) => formatTime(iso, language);
  const section = (title: string, header: string[], rows: string[][]): PdfBlock[] => [
    { kind: 'heading', level: 2, text: title },
    rows.length === 0
      ? { kind: 'paragraph', text: t('privacy.export.none') }
      : { kind: 'table', caption: title, header, rows, numericFrom: header.length },
  ];
  const account = data.account;
  const blocks: PdfBlock[] = [
    { kind: 'heading', level: 1, text: t('privacy.export.title', { email: data.email }) },
    { kind: 'paragraph', text: t('privacy.export.generated', { date: time(data.generatedAt) }), look: 'muted' },
    ...section(
      t('privacy.export.account'),
      [t('privacy.export.field'), t('privacy.export.value')],
      account
        ? [
            [t('privacy.export.email'), account.email],
            [t('privacy.export.name'), account.name ?? '–'],
            [t('privacy.export.role'), account.globalRole ?? '–'],
            [t('privacy.export.created'), time(account.createdAt)],
            [t('privacy.export.lastSignedIn'), time(account.lastSignedInAt)],
          ]
        : [],
    ),
    ...section(
      t('privacy.export.memberships'),
      [t('privacy.export.organisation'), t('privacy.export.role')],
      data.memberships.map((membership) => [
        `${membership.organisationName} (${membership.organisationCode})`,
        membership.role,
      ]),
    ),
    ...section(
      t('privacy.export.contacts'),
      [
        t('privacy.export.round'),
        t('privacy.export.organisation'),
        t('privacy.export.name'),
        t('privacy.export.invited'),
      ],
      data.contacts.map((contact) => [
        contact.roundLabel,
        `${contact.organisationName} (${contact.organisationCode})`,
        contact.contactName ?? '–',
        time(contact.invitedAt),
      ]),
    ),
    ...section(
      t('privacy.export.mails'),
      [t('privacy.export.time'), t('privacy.export.kind'), t('privacy.export.round'), t('privacy.export.status')],
      data.mails.map((mail) => [time(mail.createdAt), mail.kind, mail.roundLabel ?? '–', mail.status]),
    ),
    ...section(
      t('privacy.export.answerChanges'),
      [
        t('privacy.export.time'),
        t('privacy.export.round'),
        t('privacy.export.organisation'),
        t('privacy.export.question'),
        t('privacy.export.kind'),
      ],
      data.answerChanges.map((change) => [
        time(change.changedAt),
        change.roundLabel,
        change.organisationCode,
        change.questionKey,
        change.kind,
      ]),
    ),
    ...section(
      t('privacy.export.explanations'),
      [
        t('privacy.export.time'),
        t('privacy.export.round'),
        t('privacy.export.organisation'),
        t('privacy.export.question'),
        t('privacy.export.explanation'),
      ],
      data.plausibilityExplanations.map((note) => [
        time(note.writtenAt),
        note.roundLabel,
        note.organisationCode,
        note.questionKey,
        note.explanation,
      ]),
    ),
    ...section(
      t('privacy.export.reports'),
      [t('privacy.export.time'), t('privacy.export.description')],
      data.accessibilityReports.map((report) => [time(report.createdAt), report.description]),
    ),
    ...section(
      t('privacy.export.events'),
      [t('privacy.export.time'), t('privacy.export.action'), t('privacy.export.actor'), t('privacy.export.subject')],
      data.auditEvents.map((event) => [
        time(event.occurredAt),
        event.action,
        event.actorLabel ?? '–',
        `${event.subjectType} ${event.subjectId}`,
      ]),
    ),
  ];
  return {
    language,
    title: t('privacy.export.title', { email: data.email }),
    pageLabel: (page, pages) => t('privacy.export.page', { page, pages }),
    hasTitlePage: false,
    blocks,
  };
}
