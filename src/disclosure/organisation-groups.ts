/**
 * The organisations of one type as the organisation audit (organisation-audit.ts) sees their groups: which groups
 * each is in, its län and kommungrupp, the order in which it tries exchange partners, and the groups one is in and
 * another is not. All of it depends on the organisations alone, not on a component's answers or its suppression,
 * yet every audit asks it again (each component, each repair round, each pruning trial: some 140 audits of the 290
 * kommuner in the demo round), and the partner orders alone are 290 sorts of 289. So it is worked out once per
 * organisations array (every table of a type shares one) and kept as long as the array lives.
 */
import type { LinkedOrganisation } from './linked-set.ts';

const byOrganisations = new WeakMap<readonly LinkedOrganisation[], OrganisationGroups>();

export class OrganisationGroups {
  readonly count: number;
  readonly groupSets: readonly ReadonlySet<string>[];
  /** Each organisation's groups as one key: organisations with the same key are in the same groups. */
  readonly signatures: readonly string[];
  readonly counties: readonly (string | undefined)[];
  readonly municipalityGroups: readonly (string | undefined)[];
  /** The organisations of each combination of län and kommungrupp, by län, then kommungrupp. */
  private readonly byCross = new Map<string | undefined, Map<string | undefined, number[]>>();
  /** The län that any organisation is in, in the order of their first members. */
  readonly countyIds: readonly string[];
  /** Each organisation's signature as a number (the first organisation with it numbers it). */
  private readonly signatureIds: readonly number[];
  private readonly signatureCount: number;
  private readonly partnerOrders: (readonly number[] | undefined)[];
  /** The groups of a that b is not in, per pair of signature numbers. */
  private readonly onlyBySignature: (readonly string[] | undefined)[];

  private constructor(private readonly organisations: readonly LinkedOrganisation[]) {
    this.count = organisations.length;
    this.groupSets = organisations.map((organisation) => new Set(organisation.groupIds));
    this.signatures = organisations.map((organisation) => [...organisation.groupIds].sort().join('|'));
    const signatureNumbers = new Map<string, number>();
    this.signatureIds = this.signatures.map((signature) => {
      let found = signatureNumbers.get(signature);
      if (found === undefined) {
        found = signatureNumbers.size;
        signatureNumbers.set(signature, found);
      }
      return found;
    });
    this.signatureCount = signatureNumbers.size;
    const groupOfKind = (kind: string) =>
      organisations.map((organisation) => organisation.groupIds.find((id) => id.includes(`:${kind}:`)));
    this.counties = groupOfKind('county');
    this.municipalityGroups = groupOfKind('municipality-group');
    organisations.forEach((_, organisation) => {
      const county = this.counties[organisation];
      const municipalityGroup = this.municipalityGroups[organisation];
      const byGroup = this.byCross.get(county) ?? new Map<string | undefined, number[]>();
      this.byCross.set(county, byGroup);
      const list = byGroup.get(municipalityGroup);
      if (list === undefined) byGroup.set(municipalityGroup, [organisation]);
      else list.push(organisation);
    });
    this.countyIds = [...new Set(this.counties.filter((id): id is string => id !== undefined))];
    this.partnerOrders = new Array<readonly number[] | undefined>(this.count);
    this.onlyBySignature = new Array<readonly string[] | undefined>(this.signatureCount * this.signatureCount);
  }

  /** The groups of the organisations array, worked out on its first audit. */
  static of(organisations: readonly LinkedOrganisation[]): OrganisationGroups {
    let found = byOrganisations.get(organisations);
    if (found === undefined) {
      found = new OrganisationGroups(organisations);
      byOrganisations.set(organisations, found);
    }
    return found;
  }

  /** The organisations in both a län and a kommungrupp. */
  inBoth(county: string, municipalityGroup: string): readonly number[] | undefined {
    return this.byCross.get(county)?.get(municipalityGroup);
  }

  /** Whether two organisations are in the same groups. */
  isAlike(a: number, b: number): boolean {
    return this.signatureIds[a] === this.signatureIds[b];
  }

  /**
   * Candidate partners of a: the same groups first (free), then the same län or kommungrupp, then the rest, each
   * in the organisations' order.
   */
  partnersOf(a: number): readonly number[] {
    let found = this.partnerOrders[a];
    if (found === undefined) {
      const alike: number[] = [];
      const near: number[] = [];
      const far: number[] = [];
      const county = this.counties[a];
      const municipalityGroup = this.municipalityGroups[a];
      for (let b = 0; b < this.count; b += 1) {
        if (b === a) continue;
        if (this.isAlike(a, b)) alike.push(b);
        // Organisations of a type without län or kommungrupp (the regions) are all "near" one another.
        else if (this.counties[b] === county || this.municipalityGroups[b] === municipalityGroup) near.push(b);
        else far.push(b);
      }
      found = [...alike, ...near, ...far];
      this.partnerOrders[a] = found;
    }
    return found;
  }

  /** The groups of a that b is not in. */
  onlyIn(a: number, b: number): readonly string[] {
    const key = (this.signatureIds[a] ?? 0) * this.signatureCount + (this.signatureIds[b] ?? 0);
    let found = this.onlyBySignature[key];
    if (found === undefined) {
      const groupsB = this.groupSets[b] ?? new Set<string>();
      found = (this.organisations[a]?.groupIds ?? []).filter((id) => !groupsB.has(id));
      this.onlyBySignature[key] = found;
    }
    return found;
  }
}
