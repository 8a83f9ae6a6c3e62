import { defineMessages } from '../web/define-messages.ts';

// A round's editable invitation and reminder texts: the catalogue's defaults, the page that edits them, its problems.
export const messages = defineMessages({
  sv: {
    'rounds.mailTexts.default.coordinator': 'Samordnaren för enkäten',
    'rounds.mailTexts.default.invitation.subject': 'Inbjudan: enkäten om informationssäkerhetsarbetet {round}',
    'rounds.mailTexts.default.invitation.body':
      'Hej!\n\n{organisation} är inbjuden att svara på den nationella enkäten om det systematiska informationssäkerhetsarbetet, omgång {round}. Du är angiven som kontaktperson och kan svara för hela organisationen. Du kan spara och fortsätta senare, och bjuda in kollegor.\n\nEnkäten stänger {deadline} (svensk tid).\n\nLogga in och svara med din personliga länk:\n{link}\n\nMed vänliga hälsningar\n{coordinator}',
    'rounds.mailTexts.default.reminder.subject': 'Påminnelse: enkäten om informationssäkerhetsarbetet {round}',
    'rounds.mailTexts.default.reminder.body':
      'Hej!\n\nVi har ännu inte fått in svaret från {organisation} på enkäten om det systematiska informationssäkerhetsarbetet, omgång {round}. Enkäten stänger {deadline} (svensk tid).\n\nLogga in och svara med din personliga länk:\n{link}\n\nMed vänliga hälsningar\n{coordinator}',
    'rounds.mailTexts.footer':
      'Länken gäller i {minutes} minuter och kan användas en gång. Har den gått ut eller redan använts? Öppna den ändå så får du en ny, eller begär en ny på {signInUrl}.',
    'rounds.mailTexts.link': 'Utskickstexter (inbjudan och påminnelse)',
    'rounds.mailTexts.title': 'Utskickstexter för omgång {round}',
    'rounds.mailTexts.lead':
      'Här skriver du inbjudan och påminnelsen som kontaktpersonerna får i den här omgången. Varje kontaktperson får texten på sitt språk. Ändringar gäller utskick som görs efter att du har sparat.',
    'rounds.mailTexts.placeholders': 'Platshållarna byts ut i varje utskick:',
    'rounds.mailTexts.placeholder.organisation': 'organisationens namn',
    'rounds.mailTexts.placeholder.round': 'omgångens namn',
    'rounds.mailTexts.placeholder.deadline': 'när enkäten stänger, i svensk tid',
    'rounds.mailTexts.placeholder.link': 'kontaktpersonens personliga inloggningslänk; måste finnas i varje text',
    'rounds.mailTexts.placeholder.coordinator': 'samordnaren, så som du anger den nedan',
    'rounds.mailTexts.footerNote':
      'Sist i varje utskick lägger Lägesbild till hur länge länken gäller och var man begär en ny. En tom rad börjar ett nytt stycke.',
    'rounds.mailTexts.coordinator': 'Samordnare',
    'rounds.mailTexts.coordinatorHint':
      'Namn och gärna kontaktuppgifter, till exempel Anna Andersson, SKR, anna.andersson@skr.se.',
    'rounds.mailTexts.kind.invitation': 'Inbjudan',
    'rounds.mailTexts.kind.reminder': 'Påminnelse',
    'rounds.mailTexts.language.sv': 'på svenska',
    'rounds.mailTexts.language.en': 'på engelska',
    'rounds.mailTexts.part.subject': 'Ämne',
    'rounds.mailTexts.part.body': 'Text',
    'rounds.mailTexts.fieldName': '{kind} {language}, {part}',
    'rounds.mailTexts.save': 'Spara texterna',
    'rounds.mailTexts.saved': 'Utskickstexterna är sparade.',
    'rounds.mailTexts.readOnly': 'Omgången är stängd. Texterna går inte längre att ändra.',
    'rounds.mailTexts.preview': 'Förhandsgranska',
    'rounds.mailTexts.previewTitle': 'Förhandsgranskning',
    'rounds.mailTexts.previewOrganisation': 'Organisation i förhandsgranskningen',
    'rounds.mailTexts.previewLanguage': 'Språk i förhandsgranskningen',
    'rounds.mailTexts.previewLead':
      'Så här ser utskicken ut för {organisation} med texterna i formuläret. De är inte sparade förrän du sparar. Länken är ett exempel.',
    'rounds.mailTexts.previewSubject': 'Ämne',
    'rounds.mailTexts.previewPlain': 'Som ren text',
    'rounds.mailTexts.previewHtml': 'Som HTML',
    'rounds.mailTexts.problem.required': '{field}: fältet får inte vara tomt.',
    'rounds.mailTexts.problem.too_long': '{field}: texten är för lång.',
    'rounds.mailTexts.problem.unknown_placeholder':
      '{field}: {value} är ingen platshållare som Lägesbild känner till. Kontrollera stavningen.',
    'rounds.mailTexts.problem.link_missing':
      '{field}: texten måste innehålla {link}, där kontaktpersonens personliga inloggningslänk hamnar.',
    'rounds.mailTexts.problem.link_in_subject': '{field}: {link} hör hemma i texten, inte i ämnesraden.',
  },
  en: {
    'rounds.mailTexts.default.coordinator': 'The survey coordinator',
    'rounds.mailTexts.default.invitation.subject': 'Invitation: the survey of information security work {round}',
    'rounds.mailTexts.default.invitation.body':
      'Hello,\n\n{organisation} is invited to answer the national survey of systematic information security work, round {round}. You are named as the contact person and can answer for the whole organisation. You can save and continue later, and invite colleagues.\n\nThe survey closes {deadline} (Swedish time).\n\nSign in and answer with your personal link:\n{link}\n\nKind regards\n{coordinator}',
    'rounds.mailTexts.default.reminder.subject': 'Reminder: the survey of information security work {round}',
    'rounds.mailTexts.default.reminder.body':
      'Hello,\n\nWe have not yet received the answer from {organisation} to the survey of systematic information security work, round {round}. The survey closes {deadline} (Swedish time).\n\nSign in and answer with your personal link:\n{link}\n\nKind regards\n{coordinator}',
    'rounds.mailTexts.footer':
      'The link is valid for {minutes} minutes and can be used once. Has it expired or been used? Open it anyway to get a new one, or request one at {signInUrl}.',
    'rounds.mailTexts.link': 'Mail texts (invitation and reminder)',
    'rounds.mailTexts.title': 'Mail texts of round {round}',
    'rounds.mailTexts.lead':
      'Write the invitation and the reminder that the contact persons receive in this round. Each contact person gets the text in their language. Changes apply to mail sent after you save.',
    'rounds.mailTexts.placeholders': 'The placeholders are replaced in each mail:',
    'rounds.mailTexts.placeholder.organisation': 'the organisation’s name',
    'rounds.mailTexts.placeholder.round': 'the round’s name',
    'rounds.mailTexts.placeholder.deadline': 'when the survey closes, in Swedish time',
    'rounds.mailTexts.placeholder.link': 'the contact person’s personal sign-in link; required in every text',
    'rounds.mailTexts.placeholder.coordinator': 'the coordinator, as you give it below',
    'rounds.mailTexts.footerNote':
      'Lägesbild ends every mail with how long the link is valid and where to request a new one. An empty line starts a new paragraph.',
    'rounds.mailTexts.coordinator': 'Coordinator',
    'rounds.mailTexts.coordinatorHint':
      'A name and preferably contact details, for example Anna Andersson, SKR, anna.andersson@skr.se.',
    'rounds.mailTexts.kind.invitation': 'Invitation',
    'rounds.mailTexts.kind.reminder': 'Reminder',
    'rounds.mailTexts.language.sv': 'in Swedish',
    'rounds.mailTexts.language.en': 'in English',
    'rounds.mailTexts.part.subject': 'Subject',
    'rounds.mailTexts.part.body': 'Text',
    'rounds.mailTexts.fieldName': '{kind} {language}, {part}',
    'rounds.mailTexts.save': 'Save the texts',
    'rounds.mailTexts.saved': 'The mail texts are saved.',
    'rounds.mailTexts.readOnly': 'The round is closed. Its texts can no longer be changed.',
    'rounds.mailTexts.preview': 'Preview',
    'rounds.mailTexts.previewTitle': 'Preview',
    'rounds.mailTexts.previewOrganisation': 'Organisation in the preview',
    'rounds.mailTexts.previewLanguage': 'Language of the preview',
    'rounds.mailTexts.previewLead':
      'This is how the mail looks for {organisation} with the texts in the form. They are not saved until you save. The link is an example.',
    'rounds.mailTexts.previewSubject': 'Subject',
    'rounds.mailTexts.previewPlain': 'As plain text',
    'rounds.mailTexts.previewHtml': 'As HTML',
    'rounds.mailTexts.problem.required': '{field}: the field must not be empty.',
    'rounds.mailTexts.problem.too_long': '{field}: the text is too long.',
    'rounds.mailTexts.problem.unknown_placeholder':
      '{field}: {value} is not a placeholder Lägesbild knows. Check the spelling.',
    'rounds.mailTexts.problem.link_missing':
      '{field}: the text must contain {link}, where the contact person’s personal sign-in link goes.',
    'rounds.mailTexts.problem.link_in_subject': '{field}: {link} belongs in the text, not in the subject.',
  },
});
