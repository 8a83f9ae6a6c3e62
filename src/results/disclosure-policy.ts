import { defaultMinimumRespondents } from './disclosure.ts';

/** The disclosure control policy as shown on the results page, for the default thresholds. */
export const disclosurePolicy = {
  sv: [
    'Resultaten redovisas bara sammanräknade. En enskild organisations svar kan omfattas av sekretess och ska inte',
    'gå att räkna fram ur det som publiceras.',
    `Ingen uppgift visas för en grupp där färre än ${defaultMinimumRespondents} organisationer har besvarat frågan.`,
    'Ingen uppgift visas heller för en kommungrupp, huvudgrupp eller ett län där alla, eller alla utom en, har',
    'svarat likadant, eftersom det skulle avslöja de enskilda organisationernas svar.',
    'När en grupp döljs, döljs också minst en grupp till i samma indelning, så att den dolda uppgiften inte kan',
    'räknas fram genom att dra de visade grupperna från totalen. De dolda grupperna uppfyller tillsammans samma',
    'krav som en visad grupp.',
    'Riket för kommuner respektive regioner redovisas alltid när minst',
    `${defaultMinimumRespondents} har svarat, även när alla har svarat likadant (till exempel "i samtliga regioner").`,
  ].join(' '),
  en: [
    "Results are published as aggregates only. An individual organisation's answers may be confidential and must",
    'not be derivable from what is published.',
    `No figure is shown for a group where fewer than ${defaultMinimumRespondents} organisations answered the question.`,
    'Nor is a figure shown for a municipality group, main group or county where all, or all but one, gave the same',
    'answer, since that would reveal the individual organisations’ answers.',
    'When a group is hidden, at least one more group of the same breakdown is hidden too, so that the hidden figure',
    'cannot be worked out by subtracting the groups shown from the total. Together the hidden groups meet the same',
    'requirements as a group that is shown.',
    'The national figure for municipalities and for regions is always shown when at least',
    `${defaultMinimumRespondents} answered, even when all gave the same answer (for example "in all regions").`,
  ].join(' '),
} as const;
