import type { Kysely } from 'kysely';
import { signInLinkLifetimeMinutes } from '../accounts/accounts.service.ts';
import { AppError } from '../app-error.ts';
import { type Actor, recordAuditEvent } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { insertSignInLink, type MailDocument, renderMailDocument } from '../mail/mail-document.ts';
import type { Language } from '../web/i18n.ts';
import { findRoundMailTextsRow, upsertRoundMailTextsRow } from './mail-texts.repository.ts';
import {
  checkMailTexts,
  composeRoundMail,
  defaultMailTexts,
  type MailTextField,
  type MailTextProblem,
  type MailTexts,
  parseMailTexts,
  type RoundMailKind,
  roundMailKinds,
} from './mail-texts.ts';
import type { Round } from './rounds.repository.ts';
import { formatStockholm } from './stockholm-time.ts';

export type { MailTextProblem, MailTexts, RoundMailKind };

/** The round's own texts, or the catalogue's when the round has none (or they cannot be read). */
export async function findRoundMailTexts(db: Kysely<Database>, roundId: string): Promise<MailTexts> {
  const stored = await findRoundMailTextsRow(db, roundId);
  return (stored && parseMailTexts(stored.json)) ?? defaultMailTexts();
}

function listChangedFields(before: MailTexts, after: MailTexts): MailTextField[] {
  const changed: MailTextField[] = before.coordinator === after.coordinator ? [] : ['coordinator'];
  for (const kind of roundMailKinds) {
    for (const language of ['sv', 'en'] as const) {
      for (const part of ['subject', 'body'] as const) {
        if (before[kind][language][part] !== after[kind][language][part]) changed.push(`${kind}.${language}.${part}`);
      }
    }
  }
  return changed;
}

/**
 * Saves a round's invitation and reminder texts after checking every field, and records which fields changed in
 * the audit log; answers the problems instead when there are any.
 * @throws AppError('conflict') for a closed or imported round.
 */
export async function saveRoundMailTexts(
  db: Kysely<Database>,
  clock: Clock,
  input: { round: Round; texts: MailTexts; actor: Actor },
): Promise<{ kind: 'saved' } | { kind: 'invalid'; problems: MailTextProblem[] }> {
  if (input.round.status === 'closed' || input.round.source !== 'fieldwork') {
    throw new AppError('conflict', 'The mail texts of a closed or imported round cannot be changed.');
  }
  const problems = checkMailTexts(input.texts);
  if (problems.length > 0) return { kind: 'invalid', problems };
  const trimmed: MailTexts = {
    coordinator: input.texts.coordinator.trim(),
    invitation: input.texts.invitation,
    reminder: input.texts.reminder,
  };
  await db.transaction().execute(async (trx) => {
    const changed = listChangedFields(await findRoundMailTexts(trx, input.round.id), trimmed);
    if (changed.length === 0) return;
    const now = clock.now().toISOString();
    await upsertRoundMailTextsRow(trx, input.round.id, {
      json: JSON.stringify(trimmed),
      updatedAt: now,
      updatedBy: input.actor.userId,
    });
    await recordAuditEvent(trx, clock, {
      actor: input.actor,
      action: 'round.mail_texts_changed',
      subjectType: 'round',
      subjectId: input.round.id,
      details: { changed },
    });
  });
  return { kind: 'saved' };
}

/**
 * Composes one invitation or reminder of a round for one organisation, in the contact's language, with the given
 * texts (saved ones when sending, the form's when previewing); renderMailDocument gives its two parts.
 */
export function composeRoundMailFor(input: {
  texts: MailTexts;
  kind: RoundMailKind;
  round: Pick<Round, 'label' | 'closesAt'>;
  organisationName: string;
  language: Language;
  baseUrl: string;
}): MailDocument {
  return composeRoundMail(
    input.texts,
    input.kind,
    input.language,
    {
      organisation: input.organisationName,
      round: input.round.label,
      deadline: formatStockholm(input.round.closesAt),
      coordinator: input.texts.coordinator,
    },
    { minutes: signInLinkLifetimeMinutes, signInUrl: `${input.baseUrl}/sign-in` },
  );
}

/** One organisation's invitation and reminder as the preview shows them, with the problems of the texts. */
export type MailPreview = {
  organisationName: string;
  language: Language;
  sampleLink: string;
  mails: Array<{ kind: RoundMailKind; document: MailDocument; text: string }>;
  problems: MailTextProblem[];
};

/**
 * Shows how a round's invitation and reminder look for one organisation in one language, with the texts as the
 * coordinator has them in the form (saved or not), a sample link, and any problem that would stop them being saved.
 */
export function previewRoundMail(input: {
  texts: MailTexts;
  round: Pick<Round, 'label' | 'closesAt'>;
  organisationName: string;
  language: Language;
  baseUrl: string;
}): MailPreview {
  const sampleLink = `${input.baseUrl}/sign-in/link/…`;
  return {
    organisationName: input.organisationName,
    language: input.language,
    sampleLink,
    mails: roundMailKinds.map((kind) => {
      const document = composeRoundMailFor({ ...input, kind });
      const rendered = renderMailDocument(document);
      return { kind, document, text: insertSignInLink(rendered, sampleLink).text };
    }),
    problems: checkMailTexts(input.texts),
  };
}
