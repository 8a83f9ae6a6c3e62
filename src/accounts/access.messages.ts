import { defineMessages } from '../web/define-messages.ts';

export const messages = defineMessages({
  sv: {
    'accounts.session.revoked':
      'Din behörighet har ändrats eller tagits bort, så du har loggats ut. Logga in igen om du fortfarande har en roll i Lägesbild.',
    'accounts.access.noUser': 'Användaren finns inte.',
    'accounts.access.noMembership': 'Personen hör inte till organisationen.',
    'accounts.access.noGlobalRole': 'Användaren har ingen samordnarroll att ta bort.',
    'accounts.access.lastAdministrator':
      'Det här är den sista aktiva administratören. Ge någon annan rollen först, så att någon kan hantera Lägesbild.',
    'accounts.access.notYourself': 'Du kan inte ta bort din egen roll eller inaktivera ditt eget konto.',
    'accounts.access.lastRespondent':
      'Du är den sista svarande för organisationen och kan inte ta bort dig själv. Bjud in en kollega som svarande först.',
    'accounts.access.coordinator':
      'Personen är nationell samordnare eller analytiker. Den rollen kan bara en administratör ändra.',
    'accounts.users.status': 'Status',
    'accounts.users.active': 'aktiv',
    'accounts.users.deactivated': 'inaktiverad {when}',
    'accounts.users.actions': 'Åtgärder',
    'accounts.users.deactivate': 'Inaktivera {email}',
    'accounts.users.reactivate': 'Aktivera {email} igen',
    'accounts.users.removeGlobalRole': 'Ta bort rollen {role} från {email}',
    'accounts.users.removeMembership': 'Ta bort {role} {code} från {email}',
    'accounts.users.deactivatedNotice': '{email} är inaktiverad och utloggad. Kontot kan inte längre logga in.',
    'accounts.users.reactivatedNotice': '{email} kan logga in igen.',
    'accounts.users.globalRoleRemovedNotice': 'Samordnarrollen är borttagen från {email}, som har loggats ut.',
    'accounts.users.membershipRemovedNotice': '{email} hör inte längre till {code} och har loggats ut.',
    'accounts.users.confirmRemoval': 'Personen loggas ut direkt. Ändringen sparas i granskningsloggen.',
    'responses.link.colleagues': 'Kollegor',
    'responses.my.colleagues': 'Kollegor',
    'responses.my.colleaguesOf': 'Bjud in eller ta bort kollegor i {organisation}',
    'rounds.colleagues.remove': 'Ta bort {email}',
    'rounds.colleagues.removed': '{email} har tagits bort från organisationen och loggats ut.',
    'rounds.colleagues.actions': 'Åtgärd',
    'rounds.colleagues.coordinator': 'samordnare – kan inte tas bort här',
    'rounds.colleagues.you': '(du)',
    'responses.microdata.title': 'Organisationernas svar (mikrodata)',
    'responses.microdata.lead':
      'En rad per organisation som skickat in, en kolumn per fråga. Svaren är konfidentiella: varje nedladdning sparas i granskningsloggen.',
    'responses.microdata.xlsx': 'Excel (koder, etiketter och kodbok)',
    'responses.microdata.csv': 'CSV med koder',
    'responses.microdata.labels': 'CSV med etiketter',
    'responses.microdata.codebook': 'Kodbok (CSV)',
    'rounds.mail.colleague.round':
      'Enkäten Lägesbild {round} om informationssäkerhetsarbetet i {organisation} är öppen. Länken tar dig direkt till enkätformuläret.',
  },
  en: {
    'accounts.session.revoked':
      'Your access has been changed or removed, so you have been signed out. Sign in again if you still have a role in Lägesbild.',
    'accounts.access.noUser': 'The user does not exist.',
    'accounts.access.noMembership': 'The person does not belong to the organisation.',
    'accounts.access.noGlobalRole': 'The user has no coordinator role to remove.',
    'accounts.access.lastAdministrator':
      'This is the last active administrator. Give someone else the role first, so that someone can manage Lägesbild.',
    'accounts.access.notYourself': 'You cannot remove your own role or deactivate your own account.',
    'accounts.access.lastRespondent':
      'You are the organisation’s last respondent and cannot remove yourself. Invite a colleague as respondent first.',
    'accounts.access.coordinator':
      'The person is a national coordinator or analyst. Only an administrator can change that role.',
    'accounts.users.status': 'Status',
    'accounts.users.active': 'active',
    'accounts.users.deactivated': 'deactivated {when}',
    'accounts.users.actions': 'Actions',
    'accounts.users.deactivate': 'Deactivate {email}',
    'accounts.users.reactivate': 'Reactivate {email}',
    'accounts.users.removeGlobalRole': 'Remove the role {role} from {email}',
    'accounts.users.removeMembership': 'Remove {role} {code} from {email}',
    'accounts.users.deactivatedNotice': '{email} is deactivated and signed out. The account can no longer sign in.',
    'accounts.users.reactivatedNotice': '{email} can sign in again.',
    'accounts.users.globalRoleRemovedNotice': 'The coordinator role is removed from {email}, who has been signed out.',
    'accounts.users.membershipRemovedNotice': '{email} no longer belongs to {code} and has been signed out.',
    'accounts.users.confirmRemoval': 'The person is signed out at once. The change is kept in the audit log.',
    'responses.link.colleagues': 'Colleagues',
    'responses.my.colleagues': 'Colleagues',
    'responses.my.colleaguesOf': 'Invite or remove colleagues in {organisation}',
    'rounds.colleagues.remove': 'Remove {email}',
    'rounds.colleagues.removed': '{email} has been removed from the organisation and signed out.',
    'rounds.colleagues.actions': 'Action',
    'rounds.colleagues.coordinator': 'coordinator – cannot be removed here',
    'rounds.colleagues.you': '(you)',
    'responses.microdata.title': 'The organisations’ answers (microdata)',
    'responses.microdata.lead':
      'One row per organisation that submitted, one column per question. The answers are confidential: every download is kept in the audit log.',
    'responses.microdata.xlsx': 'Excel (codes, labels and codebook)',
    'responses.microdata.csv': 'CSV with codes',
    'responses.microdata.labels': 'CSV with labels',
    'responses.microdata.codebook': 'Codebook (CSV)',
    'rounds.mail.colleague.round':
      'The Lägesbild {round} survey of information security work in {organisation} is open. The link takes you straight to the survey form.',
  },
});
