import { defineMessages } from '../web/define-messages.ts';

export const messages = defineMessages({
  sv: {
    'oidc.signIn.or': 'Eller logga in med din organisations inloggning:',
    'oidc.signIn.button': 'Logga in med {name}',
    'oidc.refused.title': 'Inloggningen gick inte igenom',
    'oidc.unknown.text':
      'Ingen användare i Lägesbild har e-postadressen {email}. Be den nationella samordnaren eller din organisations kontaktperson att lägga till dig.',
    'oidc.unverified.text':
      '{name} har inte bekräftat någon e-postadress för ditt konto, så Lägesbild kan inte avgöra vem du är. Logga in med en länk via e-post i stället.',
    'oidc.failed.text':
      'Inloggningen via {name} kunde inte slutföras. Den kan ha avbrutits eller tagit för lång tid. Försök igen.',
    'oidc.unavailable.text':
      '{name} svarar inte just nu. Försök igen om en stund, eller logga in med en länk via e-post.',
    'oidc.tryAgain': 'Försök igen',
    'oidc.useLink': 'Logga in med en länk via e-post',
  },
  en: {
    'oidc.signIn.or': 'Or sign in with your organisation’s sign-in:',
    'oidc.signIn.button': 'Sign in with {name}',
    'oidc.refused.title': 'Sign-in did not go through',
    'oidc.unknown.text':
      'No user in Lägesbild has the e-mail address {email}. Ask the national coordinator or your organisation’s contact person to add you.',
    'oidc.unverified.text':
      '{name} has not verified an e-mail address for your account, so Lägesbild cannot tell who you are. Sign in with a link by e-mail instead.',
    'oidc.failed.text':
      'Signing in through {name} could not be completed. It may have been cancelled or taken too long. Please try again.',
    'oidc.unavailable.text': '{name} is not answering right now. Try again shortly, or sign in with a link by e-mail.',
    'oidc.tryAgain': 'Try again',
    'oidc.useLink': 'Sign in with a link by e-mail',
  },
});
