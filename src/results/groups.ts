import type { AdditiveRelation } from './disclosure.ts';

/** The two kinds of organisation in the survey (structurally the same as the organisations module's type). */
export type OrganisationType = 'kommun' | 'region';

/** One organisation of the surveyed population, as the results module needs it. */
export interface PopulationMember {
  code: string;
  type: OrganisationType;
  /** SKR's kommungrupp (A1 ... C9); null for a region. */
  municipalityGroup: string | null;
  /** The main group (A, B, C) the kommungrupp belongs to; null for a region. */
  mainGroup: string | null;
  countyCode: string;
}

export type GroupKind = 'organisation-type' | 'main-group' | 'municipality-group' | 'county';

/** A group results are published for, with the organisations in it. */
export interface Group {
  id: string;
  kind: GroupKind;
  /** The type itself, or the code of the main group, kommungrupp or county. */
  key: string;
  organisationType: OrganisationType;
  memberCodes: string[];
  /** The members' positions in the population the groups were built from, in the order of memberCodes. */
  memberIndexes: number[];
}

/** A member with its position in the population, so that groups can address answers held in population order. */
interface IndexedMember {
  member: PopulationMember;
  index: number;
}

/**
 * Builds the published groups of a population and their additive relations: each organisation type; for the
 * kommuner also the main groups, the kommungrupper within them and the counties (the kommuner of each län).
 * Regions get no breakdown: each län holds one region, so every sub-group would have a single member.
 * @throws {RangeError} when a code repeats, a kommun lacks its groups, or a kommungrupp spans two main groups.
 */
export function buildGroups(population: readonly PopulationMember[]): {
  groups: Group[];
  relations: AdditiveRelation[];
} {
  const seen = new Set<string>();
  for (const member of population) {
    if (seen.has(member.code)) throw new RangeError(`organisation "${member.code}" appears twice`);
    seen.add(member.code);
  }
  const groups: Group[] = [];
  const relations: AdditiveRelation[] = [];
  const indexed = population.map((member, index): IndexedMember => ({ member, index }));
  const kommuner = indexed.filter(({ member }) => member.type === 'kommun');
  const regioner = indexed.filter(({ member }) => member.type === 'region');

  if (kommuner.length > 0) {
    const total = addGroup(groups, 'kommun', 'organisation-type', 'kommun', kommuner);
    const byMainGroup = groupBy(kommuner, (member) => requireGroup(member, member.mainGroup, 'main group'));
    const mainGroupIds: string[] = [];
    const mainGroupRelations: AdditiveRelation[] = [];
    for (const [mainGroup, members] of byMainGroup) {
      const mainGroupId = addGroup(groups, `kommun:main-group:${mainGroup}`, 'main-group', mainGroup, members).id;
      mainGroupIds.push(mainGroupId);
      const byMunicipalityGroup = groupBy(members, (member) =>
        requireGroup(member, member.municipalityGroup, 'municipality group'),
      );
      const childIds: string[] = [];
      for (const [municipalityGroup, groupMembers] of byMunicipalityGroup) {
        const id = `kommun:municipality-group:${municipalityGroup}`;
        if (groups.some((group) => group.id === id)) {
          throw new RangeError(`kommungrupp ${municipalityGroup} appears in more than one main group`);
        }
        childIds.push(addGroup(groups, id, 'municipality-group', municipalityGroup, groupMembers).id);
      }
      mainGroupRelations.push({ parentId: mainGroupId, childIds });
    }
    relations.push({ parentId: total.id, childIds: mainGroupIds }, ...mainGroupRelations);
    const countyIds = [...groupBy(kommuner, (member) => member.countyCode)].map(
      ([county, members]) => addGroup(groups, `kommun:county:${county}`, 'county', county, members).id,
    );
    relations.push({ parentId: total.id, childIds: countyIds });
  }
  if (regioner.length > 0) addGroup(groups, 'region', 'organisation-type', 'region', regioner);
  return { groups, relations };
}

function addGroup(groups: Group[], id: string, kind: GroupKind, key: string, members: readonly IndexedMember[]): Group {
  const first = members[0];
  if (first === undefined) throw new RangeError(`group "${id}" has no members`);
  const group: Group = {
    id,
    kind,
    key,
    organisationType: first.member.type,
    memberCodes: members.map(({ member }) => member.code),
    memberIndexes: members.map(({ index }) => index),
  };
  groups.push(group);
  return group;
}

/** Groups members by a key, in ascending key order so that tables come out in a stable order. */
function groupBy(
  members: readonly IndexedMember[],
  keyOf: (member: PopulationMember) => string,
): Map<string, IndexedMember[]> {
  const byKey = new Map<string, IndexedMember[]>();
  for (const member of members) {
    const key = keyOf(member.member);
    const members = byKey.get(key);
    // Pushing, not spreading: copying the list per member would be quadratic for a large population.
    if (members === undefined) byKey.set(key, [member]);
    else members.push(member);
  }
  return new Map([...byKey].sort(([a], [b]) => a.localeCompare(b)));
}

function requireGroup(member: PopulationMember, value: string | null, what: string): string {
  if (value === null || value === '') throw new RangeError(`kommun ${member.code} has no ${what}`);
  return value;
}
