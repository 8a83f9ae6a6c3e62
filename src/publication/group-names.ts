/**
 * The names of the published groups in Swedish and English, for the labels of the open data: the registry's
 * Swedish names of the kommungrupper, main groups and counties, and SKR's English names for them.
 */
import type { LocalisedText } from '../questionnaires/questionnaire.schema.ts';
import type { GroupKind, OrganisationType } from '../results/groups.ts';

// SKR's English names of its municipality classification (2017).
const englishMunicipalityGroups: Record<string, string> = {
  A: 'Large cities and municipalities near large cities',
  B: 'Medium-sized towns and municipalities near medium-sized towns',
  C: 'Smaller towns/urban areas and rural municipalities',
  A1: 'Large cities',
  A2: 'Commuting municipalities near large cities',
  B3: 'Medium-sized towns',
  B4: 'Commuting municipalities near medium-sized towns',
  B5: 'Low-commuting municipalities near medium-sized towns',
  C6: 'Small towns/urban areas',
  C7: 'Commuting municipalities near small towns',
  C8: 'Rural municipalities',
  C9: 'Rural municipalities with a visitor industry',
};

/** "Stockholms län" is Stockholm County, "Dalarnas län" Dalarna County: the genitive -s goes. */
function englishCountyName(swedish: string): string {
  return `${swedish.replace(/ län$/, '').replace(/s$/, '')} County`;
}

export interface GroupNaming {
  municipalityGroups: { code: string; name: string; mainGroupCode: string; mainGroupName: string }[];
  counties: { code: string; name: string }[];
}

export type GroupNameOf = (kind: GroupKind, key: string, organisationType: OrganisationType) => LocalisedText;

/** Makes the function naming a group; a code the registry does not know is named by its code. */
export function nameGroups(naming: GroupNaming): GroupNameOf {
  const names = new Map<string, LocalisedText>();
  for (const group of naming.municipalityGroups) {
    names.set(`municipality-group:${group.code}`, {
      sv: group.name,
      en: englishMunicipalityGroups[group.code] ?? group.name,
    });
    names.set(`main-group:${group.mainGroupCode}`, {
      sv: group.mainGroupName,
      en: englishMunicipalityGroups[group.mainGroupCode] ?? group.mainGroupName,
    });
  }
  for (const county of naming.counties)
    names.set(`county:${county.code}`, { sv: county.name, en: englishCountyName(county.name) });
  return (kind, key, organisationType) => {
    if (kind === 'organisation-type')
      return organisationType === 'kommun'
        ? { sv: 'Alla kommuner', en: 'All municipalities' }
        : { sv: 'Alla regioner', en: 'All regions' };
    return names.get(`${kind}:${key}`) ?? { sv: key, en: key };
  };
}
