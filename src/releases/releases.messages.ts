import { defineMessages } from '../web/define-messages.ts';

export const messages = defineMessages({
  sv: {
    'releases.error.embargoPast': 'Embargot måste sluta vid en tidpunkt som inte har passerat.',
    'releases.error.notClosed': 'Omgången måste vara stängd innan den publiceras.',
    'releases.error.reopened':
      'Omgången är öppnad på nytt för minst en organisation. Avsluta de öppningarna innan omgången publiceras, så att de publicerade siffrorna inte ändras efteråt.',
    'releases.error.errataRequired':
      'Svaren har ändrats sedan den förra versionen publicerades. Skriv en rättelsenotis som förklarar vad som har ändrats; den visas på varje offentlig sida för omgången.',
    'releases.error.concurrent': 'Omgången publicerades av någon annan i samma stund. Ladda om sidan och försök igen.',
    'releases.error.notPublished': 'Omgången är inte publicerad.',
    'releases.error.correcting': 'En rättelse av omgången pågår redan.',
    'releases.error.auditFailed':
      'Röjandekontrollens granskning godkände inte siffrorna: minst en dold uppgift går att räkna fram ur det som skulle publiceras. Omgången publiceras inte. Kör "lagesbild release audit --round" för detaljer.',
  },
  en: {
    'releases.error.embargoPast': 'The embargo must end at a time that has not passed.',
    'releases.error.notClosed': 'The round must be closed before it is published.',
    'releases.error.reopened':
      'The round is reopened for at least one organisation. End those reopenings before publishing, so that the published figures do not change afterwards.',
    'releases.error.errataRequired':
      'The answers have changed since the previous version was published. Write an erratum that explains what changed; it is shown on every public page of the round.',
    'releases.error.concurrent': 'Someone else published the round at the same moment. Reload the page and try again.',
    'releases.error.notPublished': 'The round is not published.',
    'releases.error.correcting': 'A correction of the round is already under way.',
    'releases.error.auditFailed':
      'The disclosure audit did not pass the figures: at least one hidden figure can be worked out from what would be published. The round is not published. Run "lagesbild release audit --round" for details.',
  },
});
