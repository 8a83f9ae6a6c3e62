/**
 * Reference tables for the frameworks that question mappings point into, for reports that group or explain
 * results by law or method. Wording is paraphrased, not quoted: the law text is the authority.
 */
import type { LocalisedText, MsbStep, Nis2Point } from './questionnaire.schema.ts';

export interface Nis2Measure {
  /** The point of NIS2 article 21.2, e.g. 'a'. */
  point: Nis2Point;
  /** The matching point of cybersäkerhetslagen (2025:1506) 2 kap. 3 §, 1-10. */
  cyberSecurityActPoint: number;
  name: LocalisedText;
}

// Cybersäkerhetslagen 2 kap. 3 § lists the measures in the directive's order, so (a) is 1 and (j) is 10.
export const nis2Measures: Readonly<Record<Nis2Point, Nis2Measure>> = {
  a: {
    point: 'a',
    cyberSecurityActPoint: 1,
    name: {
      sv: 'Riskanalys och säkerhetspolicyer för informationssystem',
      en: 'Risk analysis and information system security policies',
    },
  },
  b: {
    point: 'b',
    cyberSecurityActPoint: 2,
    name: { sv: 'Incidenthantering', en: 'Incident handling' },
  },
  c: {
    point: 'c',
    cyberSecurityActPoint: 3,
    name: {
      sv: 'Kontinuitetshantering, till exempel säkerhetskopiering och återställning efter katastrof, samt krishantering',
      en: 'Business continuity, such as backup management and disaster recovery, and crisis management',
    },
  },
  d: {
    point: 'd',
    cyberSecurityActPoint: 4,
    name: {
      sv: 'Säkerhet i leveranskedjan, inklusive förhållandet till leverantörer och tjänsteleverantörer',
      en: 'Supply chain security, including relationships with suppliers and service providers',
    },
  },
  e: {
    point: 'e',
    cyberSecurityActPoint: 5,
    name: {
      sv: 'Säkerhet vid förvärv, utveckling och underhåll av nätverks- och informationssystem, inklusive hantering av sårbarheter',
      en: 'Security in the acquisition, development and maintenance of network and information systems, including vulnerability handling',
    },
  },
  f: {
    point: 'f',
    cyberSecurityActPoint: 6,
    name: {
      sv: 'Strategier och rutiner för att bedöma hur effektiva säkerhetsåtgärderna är',
      en: 'Policies and procedures to assess the effectiveness of the security measures',
    },
  },
  g: {
    point: 'g',
    cyberSecurityActPoint: 7,
    name: {
      sv: 'Grundläggande cyberhygien och utbildning i cybersäkerhet',
      en: 'Basic cyber hygiene practices and cybersecurity training',
    },
  },
  h: {
    point: 'h',
    cyberSecurityActPoint: 8,
    name: {
      sv: 'Strategier och rutiner för användning av kryptografi och kryptering',
      en: 'Policies and procedures for the use of cryptography and encryption',
    },
  },
  i: {
    point: 'i',
    cyberSecurityActPoint: 9,
    name: {
      sv: 'Personalsäkerhet, åtkomstkontroll och hantering av tillgångar',
      en: 'Human resources security, access control policies and asset management',
    },
  },
  j: {
    point: 'j',
    cyberSecurityActPoint: 10,
    name: {
      sv: 'Multifaktorautentisering och skyddad kommunikation, inklusive skyddade nödkommunikationssystem',
      en: 'Multi-factor authentication and secured communications, including secured emergency communication systems',
    },
  },
};

/** Returns the point of cybersäkerhetslagen 2 kap. 3 § that implements the given point of NIS2 article 21.2. */
export function findCyberSecurityActPoint(point: Nis2Point): number {
  return nis2Measures[point].cyberSecurityActPoint;
}

/** Cybersäkerhetslagen 2 kap. 4 § (NIS2 article 20.2): the leadership's duty to be trained. */
export const leadershipTrainingProvision: { reference: LocalisedText; name: LocalisedText } = {
  reference: {
    sv: 'Cybersäkerhetslagen (2025:1506) 2 kap. 4 §',
    en: 'Swedish Cybersecurity Act (2025:1506) ch. 2 s. 4',
  },
  name: {
    sv: 'Ledningen ska genomgå utbildning i hantering av cybersäkerhetsrisker',
    en: 'The management must take training in managing cybersecurity risks',
  },
};

/** The legal deadlines for reporting a significant incident, in order. */
export const incidentReportingDeadlines: ReadonlyArray<{ code: string; name: LocalisedText }> = [
  { code: 'early_warning_24h', name: { sv: 'Tidig varning inom 24 timmar', en: 'Early warning within 24 hours' } },
  {
    code: 'notification_72h',
    name: { sv: 'Incidentanmälan inom 72 timmar', en: 'Incident notification within 72 hours' },
  },
  { code: 'final_report_1m', name: { sv: 'Slutrapport inom en månad', en: 'Final report within one month' } },
];

/** MSB's four steps of systematic information security work, in the order the work runs. */
export const msbStepNames: Readonly<Record<MsbStep, LocalisedText>> = {
  identifiera_analysera: { sv: 'Identifiera och analysera', en: 'Identify and analyse' },
  utforma: { sv: 'Utforma', en: 'Design' },
  anvanda: { sv: 'Använda', en: 'Use' },
  folja_upp_forbattra: { sv: 'Följa upp och förbättra', en: 'Follow up and improve' },
};
