/**
 * The structure an attacker reads off the public files: the published groups with their members (from the public
 * registry), how they add up, and the questions with their answer options and display conditions.
 */
import type { OrganisationType, PublicFigure, PublicKnowledge, RegistryEntry } from './public-data.ts';

export interface PublicGroup {
  id: string;
  type: OrganisationType;
  kind: string;
  key: string;
  population: number;
  members: string[];
}

/** A parent group that is exactly the union of its disjoint children. */
export interface Partition {
  parent: string;
  children: string[];
}

export type QuestionKind = 'choice' | 'multiple' | 'number';

export interface PublicQuestion {
  key: string;
  kind: QuestionKind;
  options: string[];
  parent: string | null;
  triggers: string[];
}

export function groupIdOf(figure: PublicFigure): string {
  return `${figure.organisationType}:${figure.groupKind}:${figure.groupKey}`;
}

function memberOf(entry: RegistryEntry, kind: string, key: string): boolean {
  if (kind === 'organisation-type') return entry.type === key;
  if (kind === 'main-group') return entry.mainGroup === key;
  if (kind === 'municipality-group') return entry.municipalityGroup === key;
  if (kind === 'county') return entry.countyCode === key;
  throw new Error(`the attacker does not know the group kind ${kind}`);
}

/**
 * The published groups of one organisation type with their members. The surveyed organisations are taken to be
 * every registry member of each published county (or every region), which the published populations confirm.
 * @throws {Error} when a published population does not match, so the attacker cannot tell the members.
 */
export function readGroups(
  figures: readonly PublicFigure[],
  knowledge: PublicKnowledge,
  type: OrganisationType,
): { groups: Map<string, PublicGroup>; partitions: Partition[] } {
  const groups = new Map<string, PublicGroup>();
  for (const figure of figures) {
    if (figure.organisationType !== type) continue;
    const id = groupIdOf(figure);
    if (!groups.has(id)) {
      groups.set(id, {
        id,
        type,
        kind: figure.groupKind,
        key: figure.groupKey,
        population: figure.population,
        members: [],
      });
    }
  }
  const counties = [...groups.values()].filter((group) => group.kind === 'county').map((group) => group.key);
  const surveyed = knowledge.registry.filter(
    (entry) => entry.type === type && (counties.length === 0 || counties.includes(entry.countyCode)),
  );
  for (const group of groups.values()) {
    group.members = surveyed.filter((entry) => memberOf(entry, group.kind, group.key)).map((entry) => entry.code);
    if (group.members.length !== group.population) {
      throw new Error(`${group.id}: population ${group.population}, the registry has ${group.members.length}`);
    }
  }
  const partitions: Partition[] = [];
  const ofKind = (kind: string) => [...groups.values()].filter((group) => group.kind === kind);
  for (const total of ofKind('organisation-type')) {
    for (const kind of ['main-group', 'county', 'municipality-group']) {
      const children = ofKind(kind);
      if (children.length > 0 && children.reduce((sum, child) => sum + child.population, 0) === total.population) {
        partitions.push({ parent: total.id, children: children.map((child) => child.id) });
      }
    }
  }
  for (const main of ofKind('main-group')) {
    const children = ofKind('municipality-group').filter((child) =>
      child.members.every((member) => main.members.includes(member)),
    );
    partitions.push({ parent: main.id, children: children.map((child) => child.id) });
  }
  return { groups, partitions };
}

/** The questions published for one organisation type, in the order of the figures. */
export function readQuestions(
  figures: readonly PublicFigure[],
  knowledge: PublicKnowledge,
  type: OrganisationType,
): PublicQuestion[] {
  const questions = new Map<string, PublicQuestion>();
  for (const figure of figures) {
    if (figure.organisationType !== type) continue;
    let question = questions.get(figure.questionKey);
    if (!question) {
      const followUp = knowledge.followUps[figure.questionKey];
      question = {
        key: figure.questionKey,
        kind: figure.answerCode === null ? 'number' : figure.questionType === 'multiple_choice' ? 'multiple' : 'choice',
        options: [],
        parent: followUp?.parent ?? null,
        triggers: followUp?.triggers ?? [],
      };
      questions.set(figure.questionKey, question);
    }
    if (figure.answerCode !== null && !question.options.includes(figure.answerCode)) {
      question.options.push(figure.answerCode);
    }
  }
  return [...questions.values()];
}
