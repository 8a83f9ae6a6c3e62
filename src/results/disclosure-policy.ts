import { defaultMinimumRespondents } from './disclosure.ts';

/** The disclosure control policy as shown on the results page, for the default thresholds. */
export const disclosurePolicy = {
  sv: [
    'Resultaten redovisas bara sammanräknade. En enskild organisations svar kan omfattas av sekretess och ska inte',
    'gå att räkna fram ur det som publiceras, inte heller av en organisation som ser sitt eget svar bredvid',
    'gruppens siffror i sin återrapport.',
    `Ingen uppgift visas för en grupp där färre än ${defaultMinimumRespondents} organisationer har besvarat frågan,`,
    'där alla eller alla utom en har svarat likadant, eller, för frågor som besvaras med ett tal, där färre än tio har',
    'svarat, där elva eller tretton har svarat (då är medianen en enskild organisations svar) eller där två svar utgör',
    'det mesta av summan.',
    'Det gäller också riket. Den som publicerar kan undanta namngivna indikatorfrågor på riksnivå (till exempel',
    '"i samtliga regioner"); undantagen anges i metodbeskrivningen.',
    'När en uppgift döljs, döljs också andra uppgifter, valda för hela omgången på en gång: frågor och deras',
    'följdfrågor, flervalsalternativ och alla indelningar. Innan omgången publiceras prövas det, som en angripare',
    'skulle göra, att ingen dold uppgift och inget enskilt svar går att räkna fram ur det publicerade.',
    'Varje enskild organisations svar prövas än så länge bara för regionerna; för kommunerna prövas grupptabellerna.',
    'En dold uppgift visas bara som dold; vilken regel som dolde den anges inte.',
  ].join(' '),
  en: [
    "Results are published as aggregates only. An individual organisation's answers may be confidential and must",
    'not be derivable from what is published, not even by an organisation that sees its own answer beside the',
    "group's figures in its feedback report.",
    `No figure is shown for a group where fewer than ${defaultMinimumRespondents} organisations answered the question,`,
    'where all or all but one gave the same answer, or, for questions answered with a number, where fewer than ten',
    "answered, where eleven or thirteen answered (the median is then one organisation's answer) or where two answers",
    'make up most of the sum.',
    'This applies to the national figures too. The publisher may exempt named indicator questions at the national',
    'level (for example "in all regions"); the exemptions are stated in the method description.',
    'When a figure is hidden, other figures are hidden too, chosen for the whole round at once: questions and their',
    'follow-up questions, multiple-choice options and every breakdown. Before the round is published it is tested,',
    'as an attacker would, that no hidden figure and no individual answer can be worked out from what is published.',
    "So far each organisation's own answers are tested one by one for the regions only; for the kommuner, the group",
    'tables are tested.',
    'A hidden figure is shown only as hidden; which rule hid it is not stated.',
  ].join(' '),
} as const;
