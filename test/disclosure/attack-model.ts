/**
 * The attacker's linear model of one organisation type over one or more published versions of a round. Unknowns:
 * every published cell (answer counts, respondents, item non-response, submitted organisations per group) and,
 * with the individual layer, every organisation's state for every question (each answer option, "left it
 * unanswered", and whether it submitted at all), as 0/1 variables. Published figures fix their cells; the
 * relations between figures are added by family, so each attack uses the relations it is about.
 */

import type { Answers, OrganisationType, PublicKnowledge, PublishedRelease } from './public-data.ts';
import {
  groupIdOf,
  type Partition,
  type PublicGroup,
  type PublicQuestion,
  readGroups,
  readQuestions,
} from './public-structure.ts';
import { Model } from './solver.ts';

export interface Families {
  /** Within one table: respondents are the sum of the answer counts (each option at most the respondents). */
  table: boolean;
  /** A group is the sum of its sub-groups (type = main groups = counties, main group = its kommungrupper). */
  hierarchy: boolean;
  /** A follow-up's respondents and item non-response add up to the parent's triggering answers. */
  followUp: boolean;
  /** Respondents and item non-response of every unconditional question add up to the group's submitted count. */
  submitted: boolean;
  /** One 0/1 variable per organisation, question and answer, summed into the groups it belongs to. */
  individual: boolean;
}

export const allFamilies: Families = {
  table: true,
  hierarchy: true,
  followUp: true,
  submitted: true,
  individual: true,
};

type Terms = Array<readonly [number, number]>;

export interface CellReference {
  version: number;
  questionKey: string;
  groupId: string;
  /** `count:CODE`, `respondents` or `non-response`. */
  measure: string;
}

export class AttackModel {
  readonly model = new Model();
  readonly groups: Map<string, PublicGroup>;
  readonly partitions: Partition[];
  readonly questions: PublicQuestion[];
  readonly cells = new Map<string, number>();
  readonly cellReferences = new Map<number, CellReference>();
  readonly suppressed = new Set<string>();
  readonly primary = new Set<string>();
  readonly individuals = new Map<string, number>();
  readonly submittedOf = new Map<string, number>();

  constructor(
    readonly releases: readonly PublishedRelease[],
    readonly knowledge: PublicKnowledge,
    readonly type: OrganisationType,
    readonly families: Families,
  ) {
    const first = releases[0];
    if (!first) throw new Error('no release');
    const structure = readGroups(first.figures, knowledge, type);
    this.groups = structure.groups;
    this.partitions = structure.partitions;
    this.questions = readQuestions(first.figures, knowledge, type);
    for (const release of releases) this.addRelease(release);
    if (families.individual && releases.length > 1) this.linkVersions();
  }

  cell(version: number, questionKey: string, groupId: string, measure: string): number {
    const key = `${version}|${questionKey}|${groupId}|${measure}`;
    const existing = this.cells.get(key);
    if (existing !== undefined) return existing;
    const population = this.groups.get(groupId)?.population ?? 0;
    const variable = this.model.addVariable(key, 0, population);
    this.cells.set(key, variable);
    this.cellReferences.set(variable, { version, questionKey, groupId, measure });
    return variable;
  }

  individual(version: number, code: string, questionKey: string, state: string): number | undefined {
    return this.individuals.get(`${version}|${code}|${questionKey}|${state}`);
  }

  isSuppressed(version: number, questionKey: string, groupId: string): boolean {
    return this.suppressed.has(`${version}|${questionKey}|${groupId}`);
  }

  isPrimary(version: number, questionKey: string, groupId: string): boolean {
    return this.primary.has(`${version}|${questionKey}|${groupId}`);
  }

  /** Fixes one organisation's own variables to its answers in a version (it knows whether it submitted). */
  imposeOwnAnswers(version: number, code: string, answers: Answers | undefined): void {
    const submitted = this.submittedOf.get(`${version}|${code}`);
    if (submitted === undefined) return;
    this.model.restrict(submitted, answers ? 1 : 0, answers ? 1 : 0);
    if (!answers) return;
    for (const question of this.questions) {
      const value = answers.get(question.key);
      const fix = (state: string, on: boolean) => {
        const variable = this.individual(version, code, question.key, state);
        if (variable !== undefined) this.model.restrict(variable, on ? 1 : 0, on ? 1 : 0);
      };
      const isAnswered = value !== undefined && !(Array.isArray(value) && value.length === 0);
      fix('respondent', isAnswered);
      if (question.kind === 'number') continue;
      const chosen = Array.isArray(value) ? value : [value];
      for (const option of question.options) fix(option, isAnswered && chosen.includes(option));
    }
  }

  private addRelease(release: PublishedRelease): void {
    const { version } = release;
    const model = this.model;
    for (const figure of release.figures) {
      if (figure.organisationType !== this.type) continue;
      const groupId = groupIdOf(figure);
      const where = `${version}|${figure.questionKey}|${groupId}`;
      if (figure.isSuppressed) {
        this.suppressed.add(where);
        if (figure.reason === 'primary') this.primary.add(where);
        this.cell(version, figure.questionKey, groupId, 'respondents');
        this.cell(version, figure.questionKey, groupId, 'non-response');
        if (figure.answerCode !== null) this.cell(version, figure.questionKey, groupId, `count:${figure.answerCode}`);
        continue;
      }
      const fix = (measure: string, value: number | null) => {
        const variable = this.cell(version, figure.questionKey, groupId, measure);
        if (value !== null) model.restrict(variable, value, value);
      };
      fix('respondents', figure.respondents);
      fix('non-response', figure.itemNonResponse);
      if (figure.answerCode !== null) fix(`count:${figure.answerCode}`, figure.count);
    }
    for (const group of this.groups.values()) {
      this.submittedOf.set(
        `${version}|${group.id}`,
        model.addVariable(`${version}|S|${group.id}`, 0, group.population),
      );
    }
    if (this.families.table) this.addTableRelations(version);
    if (this.families.submitted) this.addSubmittedRelations(version);
    if (this.families.followUp) this.addFollowUpRelations(version);
    if (this.families.hierarchy) this.addHierarchy(version);
    if (this.families.individual) this.addIndividuals(version);
  }

  private measuresOf(question: PublicQuestion): string[] {
    return ['respondents', 'non-response', ...question.options.map((option) => `count:${option}`)];
  }

  private addTableRelations(version: number): void {
    for (const question of this.questions) {
      if (question.kind === 'number') continue;
      for (const group of this.groups.values()) {
        const respondents = this.cell(version, question.key, group.id, 'respondents');
        const counts = question.options.map((option) => this.cell(version, question.key, group.id, `count:${option}`));
        const sum: Terms = [...counts.map((count) => [count, 1] as const), [respondents, -1]];
        if (question.kind === 'choice') {
          this.model.addConstraint(sum, 0, 0);
        } else {
          this.model.addConstraint(sum, 0, Number.POSITIVE_INFINITY);
          for (const count of counts)
            this.model.addConstraint(
              [
                [count, 1],
                [respondents, -1],
              ],
              Number.NEGATIVE_INFINITY,
              0,
            );
        }
      }
    }
  }

  private addSubmittedRelations(version: number): void {
    for (const group of this.groups.values()) {
      for (const question of this.questions) {
        if (question.parent !== null) continue;
        const shown = this.shownTerms(version, question, group.id);
        this.model.addConstraint(
          [
            [this.cell(version, question.key, group.id, 'respondents'), 1],
            [this.cell(version, question.key, group.id, 'non-response'), 1],
            ...shown.map(([variable]) => [variable, -1] as const),
          ],
          0,
          0,
        );
      }
    }
  }

  /** The variables whose sum is the number of a group's organisations that were shown a question. */
  private shownTerms(version: number, question: PublicQuestion, groupId: string): Terms {
    if (question.parent === null) return [[this.submittedOf.get(`${version}|${groupId}`) ?? 0, 1]];
    return question.triggers.map((trigger) => [
      this.cell(version, question.parent ?? '', groupId, `count:${trigger}`),
      1,
    ]);
  }

  private addFollowUpRelations(version: number): void {
    for (const question of this.questions) {
      if (question.parent === null) continue;
      if (!this.questions.some((candidate) => candidate.key === question.parent)) continue;
      for (const group of this.groups.values()) {
        this.model.addConstraint(
          [
            [this.cell(version, question.key, group.id, 'respondents'), 1],
            [this.cell(version, question.key, group.id, 'non-response'), 1],
            ...this.shownTerms(version, question, group.id).map(([variable]) => [variable, -1] as const),
          ],
          0,
          0,
        );
      }
    }
  }

  private addHierarchy(version: number): void {
    for (const partition of this.partitions) {
      const submitted = (groupId: string) => this.submittedOf.get(`${version}|${groupId}`) ?? 0;
      this.model.addConstraint(
        [[submitted(partition.parent), 1], ...partition.children.map((child) => [submitted(child), -1] as const)],
        0,
        0,
      );
      for (const question of this.questions) {
        for (const measure of this.measuresOf(question)) {
          if (question.kind === 'number' && measure.startsWith('count:')) continue;
          this.model.addConstraint(
            [
              [this.cell(version, question.key, partition.parent, measure), 1],
              ...partition.children.map((child) => [this.cell(version, question.key, child, measure), -1] as const),
            ],
            0,
            0,
          );
        }
      }
    }
  }

  private addIndividuals(version: number): void {
    const model = this.model;
    const total = [...this.groups.values()].find((group) => group.kind === 'organisation-type');
    if (!total) return;
    for (const code of total.members) {
      const submitted = model.addVariable(`${version}|${code}|submitted`, 0, 1);
      this.submittedOf.set(`${version}|${code}`, submitted);
      for (const question of this.questions) {
        const state = (name: string) => {
          const variable = model.addVariable(`${version}|${code}|${question.key}|${name}`, 0, 1);
          this.individuals.set(`${version}|${code}|${question.key}|${name}`, variable);
          return variable;
        };
        const respondent = state('respondent');
        const skipped = state('skipped');
        const shown: Terms =
          question.parent === null
            ? [[submitted, 1]]
            : question.triggers.flatMap((trigger) => {
                const variable = this.individual(version, code, question.parent ?? '', trigger);
                return variable === undefined ? [] : [[variable, 1] as const];
              });
        model.addConstraint([[respondent, 1], [skipped, 1], ...shown.map(([v]) => [v, -1] as const)], 0, 0);
        if (question.kind === 'number') continue;
        const options = question.options.map((option) => state(option));
        const sum: Terms = [...options.map((option) => [option, 1] as const), [respondent, -1]];
        if (question.kind === 'choice') {
          model.addConstraint(sum, 0, 0);
        } else {
          model.addConstraint(sum, 0, Number.POSITIVE_INFINITY);
          for (const option of options)
            model.addConstraint(
              [
                [option, 1],
                [respondent, -1],
              ],
              Number.NEGATIVE_INFINITY,
              0,
            );
        }
      }
    }
    for (const group of this.groups.values()) {
      const members = (state: string | null, question?: PublicQuestion): Terms =>
        group.members.flatMap((code) => {
          const variable =
            state === null
              ? this.submittedOf.get(`${version}|${code}`)
              : this.individual(version, code, question?.key ?? '', state);
          return variable === undefined ? [] : [[variable, -1] as const];
        });
      model.addConstraint([[this.submittedOf.get(`${version}|${group.id}`) ?? 0, 1], ...members(null)], 0, 0);
      for (const question of this.questions) {
        const link = (measure: string, state: string) =>
          model.addConstraint(
            [[this.cell(version, question.key, group.id, measure), 1], ...members(state, question)],
            0,
            0,
          );
        link('respondents', 'respondent');
        link('non-response', 'skipped');
        for (const option of question.options) link(`count:${option}`, option);
      }
    }
  }

  /**
   * Links consecutive versions as their erratum describes them: no response was withdrawn, and an organisation
   * that had submitted kept its answers to every question that was not corrected (nor conditional on one).
   */
  private linkVersions(): void {
    const corrected = new Set(this.knowledge.correctedQuestions);
    for (const question of this.questions) {
      if (question.parent !== null && corrected.has(question.parent)) corrected.add(question.key);
    }
    const total = [...this.groups.values()].find((group) => group.kind === 'organisation-type');
    for (let index = 1; index < this.releases.length; index += 1) {
      const before = this.releases[index - 1]?.version ?? 0;
      const after = this.releases[index]?.version ?? 0;
      for (const code of total?.members ?? []) {
        const pair = (a: number | undefined, b: number | undefined) => {
          if (a !== undefined && b !== undefined)
            this.model.addConstraint(
              [
                [b, 1],
                [a, -1],
              ],
              0,
              1,
            );
        };
        pair(this.submittedOf.get(`${before}|${code}`), this.submittedOf.get(`${after}|${code}`));
        for (const question of this.questions) {
          if (corrected.has(question.key)) continue;
          for (const state of ['respondent', 'skipped', ...question.options]) {
            pair(this.individual(before, code, question.key, state), this.individual(after, code, question.key, state));
          }
        }
      }
    }
  }
}
