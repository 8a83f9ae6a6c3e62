import { defineMessages } from '../web/define-messages.ts';

// What became of a round's mail: the delivery column and filter of the follow-up, failed invitations on the round
// page, and "correct the address and send again".
export const messages = defineMessages({
  sv: {
    'rounds.delivery.column': 'Senaste utskick (svensk tid)',
    'rounds.delivery.none': 'Inget utskick än',
    'rounds.delivery.queued': '{kind}: väntar på att skickas',
    'rounds.delivery.retrying': '{kind}: nytt försök {time} efter fel: {reason}',
    'rounds.delivery.sent': '{kind}: skickad {time}',
    'rounds.delivery.failed': '{kind}: misslyckades: {reason}',
    'rounds.delivery.filter': 'Utskick',
    'rounds.delivery.filter.all': 'Alla',
    'rounds.delivery.filter.queued': 'Väntar på att skickas',
    'rounds.delivery.filter.sent': 'Skickade',
    'rounds.delivery.filter.failed': 'Misslyckade',
    'rounds.delivery.filter.none': 'Inget utskick än',
    'rounds.delivery.filterSubmit': 'Visa',
    'rounds.delivery.resend': 'Rätta adressen och skicka igen',
    'rounds.delivery.resendLabel': 'Rätta adressen och skicka igen till {name}',
    'rounds.delivery.failedInvitations': 'Inbjudningar som inte kom fram',
    'rounds.delivery.failedInvitationsLead':
      'De här inbjudningarna gick inte att leverera. Rätta adressen och skicka igen, så får kontaktpersonen en ny inbjudan.',
    'rounds.delivery.resendTitle': 'Skicka inbjudan igen till {name}',
    'rounds.delivery.resendLead':
      'Rätta kontaktpersonens adress om den var fel. När du sparar skickas en ny inbjudan med en ny personlig länk.',
    'rounds.delivery.lastMail': 'Senaste utskick: {state}',
    'rounds.delivery.resendSubmit': 'Spara och skicka inbjudan',
    'rounds.delivery.resent': 'En ny inbjudan till {email} skickas nu.',
    'rounds.delivery.language': 'Språk i utskicken',
    'rounds.delivery.language.sv': 'Svenska',
    'rounds.delivery.language.en': 'Engelska',
  },
  en: {
    'rounds.delivery.column': 'Latest mail (Swedish time)',
    'rounds.delivery.none': 'No mail yet',
    'rounds.delivery.queued': '{kind}: waiting to be sent',
    'rounds.delivery.retrying': '{kind}: next attempt {time} after an error: {reason}',
    'rounds.delivery.sent': '{kind}: sent {time}',
    'rounds.delivery.failed': '{kind}: failed: {reason}',
    'rounds.delivery.filter': 'Mail',
    'rounds.delivery.filter.all': 'All',
    'rounds.delivery.filter.queued': 'Waiting to be sent',
    'rounds.delivery.filter.sent': 'Sent',
    'rounds.delivery.filter.failed': 'Failed',
    'rounds.delivery.filter.none': 'No mail yet',
    'rounds.delivery.filterSubmit': 'Show',
    'rounds.delivery.resend': 'Correct the address and send again',
    'rounds.delivery.resendLabel': 'Correct the address and send again to {name}',
    'rounds.delivery.failedInvitations': 'Invitations that did not arrive',
    'rounds.delivery.failedInvitationsLead':
      'These invitations could not be delivered. Correct the address and send again, and the contact person gets a new invitation.',
    'rounds.delivery.resendTitle': 'Send the invitation again to {name}',
    'rounds.delivery.resendLead':
      'Correct the contact person’s address if it was wrong. When you save, a new invitation with a new personal link is sent.',
    'rounds.delivery.lastMail': 'Latest mail: {state}',
    'rounds.delivery.resendSubmit': 'Save and send the invitation',
    'rounds.delivery.resent': 'A new invitation to {email} is being sent.',
    'rounds.delivery.language': 'Language of the mail',
    'rounds.delivery.language.sv': 'Swedish',
    'rounds.delivery.language.en': 'English',
  },
});
