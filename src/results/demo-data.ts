/**
 * Synthetic answers for the demo: rounds 2019 (kommuner, skr-2019) and 2023 (kommuner and regioner, skr-2023)
 * for every organisation. The six indicators hit DOMAIN.md's national shares exactly (e.g. CISO designated in
 * exactly 7/10 of the kommuner and all regioner in 2023), so the Fakta sentences are the press release's. Other
 * answers are plausible and deterministic (a seeded hash per organisation and question), respect the display
 * conditions, leave some questions unanswered, and an organisation's 2023 answers follow its 2019 answers, so the
 * paired tests have something to find.
 */
import { evaluateCondition, isQuestionTargeted, listQuestions } from '../questionnaires/conditions.ts';
import { listAnswerOptions } from '../questionnaires/question-wording.ts';
import type { AnswerValue, Question, QuestionnaireVersion } from '../questionnaires/questionnaire.schema.ts';
import type { PopulationMember } from './groups.ts';
import type { ImportRow } from './import-file.ts';

/** One demo round: its label, its version per organisation type, and indicator targets. */
interface DemoRound {
  label: string;
  year: number;
  kommunVersion: QuestionnaireVersion;
  regionVersion: QuestionnaireVersion | null;
}

/** Kommuner: tenths of all kommuner saying yes; regioner: the exact count. Undefined: no such round. */
const indicatorTargets: Readonly<Record<string, { kommun2023: number; region2023: number; kommun2019: number }>> = {
  ciso_designated: { kommun2023: 7, region2023: 21, kommun2019: 6 },
  annual_briefing: { kommun2023: 6, region2023: 21, kommun2019: 3 },
  classification_risk_method: { kommun2023: 7, region2023: 20, kommun2019: 5 },
  incident_method: { kommun2023: 8, region2023: 20, kommun2019: 6 },
  training_required: { kommun2023: 8, region2023: 17, kommun2019: 5 },
  procurement_requirements: { kommun2023: 7, region2023: 18, kommun2019: 3 },
};

/** Share saying yes to other yes/no questions in 2019; 2023 adds 0.12, regioner another 0.1. */
const baseYesShare: Readonly<Record<string, number>> = {
  continuity_planning: 0.4,
  action_plan_from_goals: 0.2,
  leadership_goals_set: 0.35,
  internal_audit: 0.2,
  infosakkollen_used: 0.3,
  leadership_training: 0.3,
};

const numberKeys = new Set([
  'security_hours_per_year',
  'budget_amount',
  'training_completion_share',
  'incidents_reported_count',
]);

/** A uniform number in [0, 1) determined by the parts (FNV-1a, then one mulberry32 step). */
export function seededRandom(...parts: readonly string[]): number {
  let hash = 0x811c9dc5;
  for (const character of parts.join('|')) {
    hash ^= character.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  let t = (hash + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** An organisation's lasting maturity in [0, 1): mature organisations tend to say yes everywhere. */
function maturityOf(code: string): number {
  return seededRandom('maturity', code);
}

/** The latent score of an organisation on a question in a round: mostly lasting, a little round noise. */
function latentScore(code: string, key: string, year: number): number {
  const lasting = 0.5 * maturityOf(code) + 0.5 * seededRandom('question', code, key);
  return lasting + 0.15 * seededRandom('round', code, key, String(year));
}

/** Picks exactly `count` organisations with the highest latent score as the ones saying yes. */
function pickYes(members: readonly PopulationMember[], key: string, year: number, count: number): Set<string> {
  const ranked = [...members].sort(
    (a, b) => latentScore(b.code, key, year) - latentScore(a.code, key, year) || a.code.localeCompare(b.code),
  );
  return new Set(ranked.slice(0, count).map((member) => member.code));
}

/** Generates the demo's import rows for the given active organisations and shipped versions. */
export function generateDemoRows(
  population: readonly PopulationMember[],
  versions: { skr2019: QuestionnaireVersion; skr2023: QuestionnaireVersion },
): ImportRow[] {
  const rounds: DemoRound[] = [
    { label: '2019', year: 2019, kommunVersion: versions.skr2019, regionVersion: null },
    { label: '2023', year: 2023, kommunVersion: versions.skr2023, regionVersion: versions.skr2023 },
  ];
  const rows: ImportRow[] = [];
  for (const round of rounds) {
    const members = population.filter((member) => member.type === 'kommun' || round.regionVersion !== null);
    const indicatorYes = new Map<string, Set<string>>();
    for (const [key, targets] of Object.entries(indicatorTargets)) {
      const kommuner = members.filter((member) => member.type === 'kommun');
      const regioner = members.filter((member) => member.type === 'region');
      const kommunTenths = round.year === 2019 ? targets.kommun2019 : targets.kommun2023;
      const yes = pickYes(kommuner, key, round.year, Math.round((kommuner.length * kommunTenths) / 10));
      for (const code of pickYes(regioner, key, round.year, Math.min(targets.region2023, regioner.length)))
        yes.add(code);
      indicatorYes.set(key, yes);
    }
    for (const member of members) {
      const version = member.type === 'kommun' ? round.kommunVersion : round.regionVersion;
      if (version === null) continue;
      const answers: Record<string, AnswerValue> = {};
      for (const question of listQuestions(version)) {
        if (!isQuestionTargeted(version, question, member.type)) continue;
        if (question.showIf !== undefined && !evaluateCondition(question.showIf, answers)) continue;
        const value = generateAnswer(question, member, round, indicatorYes.get(question.key));
        if (value === undefined) continue;
        answers[question.key] = value;
        const text = Array.isArray(value) ? value.join(';') : String(value);
        rows.push({ row: rows.length + 2, round: round.label, org: member.code, question: question.key, value: text });
      }
    }
  }
  return rows;
}

/** One synthetic answer, or undefined for no answer (free text, and a little item non-response). */
function generateAnswer(
  question: Question,
  member: PopulationMember,
  round: DemoRound,
  indicatorYes: ReadonlySet<string> | undefined,
): AnswerValue | undefined {
  const { code } = member;
  const { key } = question;
  const random = (purpose: string) => seededRandom(purpose, code, key, round.label);
  if (question.type === 'free_text') return undefined;
  if (indicatorYes !== undefined) {
    if (indicatorYes.has(code)) return 'yes';
    return question.type === 'yes_partly_no' && random('partly') < 0.6 ? 'partly' : 'no';
  }
  const missingShare = numberKeys.has(key) ? 0.15 : 0.03;
  if (random('missing') < missingShare) return undefined;
  const score = latentScore(code, key, round.year);
  const yesShare = (baseYesShare[key] ?? 0.45) + (round.year >= 2023 ? 0.12 : 0) + (member.type === 'region' ? 0.1 : 0);
  // latentScore lies in [0, 1.15); compare on that scale so the yes share is roughly yesShare.
  const isYes = score > 1.15 * (1 - yesShare);
  switch (question.type) {
    case 'yes_no':
      return isYes ? 'yes' : 'no';
    case 'yes_partly_no':
      return isYes ? 'yes' : score > 1.15 * (1 - yesShare - 0.25) ? 'partly' : 'no';
    case 'single_choice': {
      const codes = listAnswerOptions(question).map((option) => option.code);
      // Earlier options are the more mature or more common answers in the shipped questionnaires.
      const index = Math.min(
        codes.length - 1,
        Math.floor((1 - Math.min(score, 0.999)) * codes.length * random('spread')),
      );
      return codes[index] ?? codes[0] ?? 'other';
    }
    case 'multiple_choice': {
      const codes = listAnswerOptions(question).map((option) => option.code);
      const chosen = codes.filter((option) => seededRandom('option', code, key, option, round.label) < 0.45);
      return chosen.length > 0 ? chosen : codes.slice(0, 1);
    }
    default:
      return generateNumber(question, member, round);
  }
}

/** Plausible numbers that grow from 2019 to 2023 for the same organisation (more hours, more money). */
function generateNumber(question: Question, member: PopulationMember, round: DemoRound): number {
  const { code } = member;
  const growth = round.year >= 2023 ? 1.25 + 0.3 * seededRandom('growth', code, question.key) : 1;
  const size =
    member.type === 'region'
      ? 12
      : ({ A1: 10, A2: 4, B3: 3, B4: 1.5, B5: 1.2, C6: 1.5, C7: 1, C8: 0.8, C9: 0.7 }[member.municipalityGroup ?? ''] ??
        1);
  const spread = 0.6 + 0.8 * seededRandom('number', code, question.key);
  switch (question.key) {
    case 'security_hours_per_year':
      return Math.round(800 * size * spread * growth);
    case 'budget_amount':
      return Math.round((400_000 * size * spread * growth) / 1000) * 1000;
    case 'incidents_reported_count':
      return Math.round(6 * size * spread);
    default: {
      // Percentages: the CISO role's share of full time, the share of staff that completed training.
      const share = 20 + 70 * maturityOf(code) * spread * (round.year >= 2023 ? 1.1 : 1);
      return Math.min(100, Math.round(share));
    }
  }
}
