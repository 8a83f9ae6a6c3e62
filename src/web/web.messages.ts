import { defineMessages } from './define-messages.ts';

export const messages = defineMessages({
  sv: {
    'web.productName': 'Lägesbild',
    'web.tagline': 'Informationssäkerhetsarbetet i Sveriges kommuner och regioner',
    'web.skipToContent': 'Hoppa till innehållet',
    'web.nav.label': 'Huvudmeny',
    'web.nav.home': 'Start',
    'web.nav.organisations': 'Organisationer',
    'web.nav.users': 'Användare',
    'web.nav.apiDocs': 'API',
    'web.nav.signIn': 'Logga in',
    'web.nav.signOut': 'Logga ut',
    'web.signedInAs': 'Inloggad som {email}',
    'web.languageSwitch': 'In English',
    'web.languageSwitchLabel': 'Byt språk till engelska',
    'web.footer':
      'Lägesbild är en tjänst för den nationella uppföljningen av systematiskt informationssäkerhetsarbete.',
    'web.home.title': 'Lägesbild',
    'web.home.lead':
      'Lägesbild samlar den återkommande enkäten om det systematiska informationssäkerhetsarbetet i Sveriges 290 kommuner och 21 regioner och gör svaren till en sann lägesbild: nationella resultat och trender, rapporter, öppna data och en egen återkopplingsrapport för varje organisation.',
    'web.home.forRespondents': 'För dig som svarar',
    'web.home.forRespondentsText':
      'Informationssäkerhetssamordnaren (CISO) svarar för hela organisationen. Du får en personlig inloggningslänk via e-post, kan spara utkast och återkomma, och får en kvittens och en återkopplingsrapport som jämför er med liknande organisationer och med kraven i cybersäkerhetslagen (NIS2).',
    'web.home.forCoordinators': 'För den nationella samordnaren',
    'web.home.forCoordinatorsText':
      'Utforma enkäten, öppna en omgång, bjud in alla organisationer, följ svarsfrekvensen, skicka påminnelser, analysera och publicera.',
    'web.home.forPublic': 'För allmänhet, press och forskare',
    'web.home.forPublicText':
      'Publicerade resultat är alltid sammanställningar. Ingen publicerad siffra får avslöja en enskild organisations svar: små grupper redovisas inte.',
    'web.home.registry': 'Organisationsregistret',
    'web.home.registryText': '{kommuner} kommuner och {regioner} regioner finns i registret.',
    'web.error.title': 'Något gick fel',
    'web.error.notFound': 'Sidan finns inte.',
    'web.error.forbidden': 'Du har inte behörighet till den här sidan.',
    'web.error.internal': 'Ett oväntat fel inträffade. Försök igen om en stund.',
    'web.error.csrf': 'Formuläret hade gått ut eller kom från en annan webbplats. Ladda om sidan och försök igen.',
    'web.error.backHome': 'Till startsidan',
    'web.error.badRequest':
      'Adressen eller formuläret innehöll något som inte går att läsa. Kontrollera adressen, eller gå tillbaka och försök igen.',
    'web.error.tooLarge': 'Det som skickades var för stort.',
    'web.error.rateLimited': 'För många försök på kort tid. Vänta en minut och försök igen.',
    'web.formErrors': 'Formuläret innehåller fel:',
  },
  en: {
    'web.productName': 'Lägesbild',
    'web.tagline': 'Information security work in Sweden’s municipalities and regions',
    'web.skipToContent': 'Skip to content',
    'web.nav.label': 'Main menu',
    'web.nav.home': 'Home',
    'web.nav.organisations': 'Organisations',
    'web.nav.users': 'Users',
    'web.nav.apiDocs': 'API',
    'web.nav.signIn': 'Sign in',
    'web.nav.signOut': 'Sign out',
    'web.signedInAs': 'Signed in as {email}',
    'web.languageSwitch': 'På svenska',
    'web.languageSwitchLabel': 'Switch language to Swedish',
    'web.footer': 'Lägesbild is a service for the national follow-up of systematic information security work.',
    'web.home.title': 'Lägesbild',
    'web.home.lead':
      'Lägesbild runs the recurring survey of systematic information security work in Sweden’s 290 municipalities and 21 regions and turns the answers into a true picture: national results and trends, reports, open data and a feedback report for every organisation.',
    'web.home.forRespondents': 'For respondents',
    'web.home.forRespondentsText':
      'The information security coordinator (CISO) answers for the whole organisation. You receive a personal sign-in link by e-mail, can save drafts and come back, and get a receipt and a feedback report comparing your organisation with similar ones and with the requirements of the Cybersecurity Act (NIS2).',
    'web.home.forCoordinators': 'For the national coordinator',
    'web.home.forCoordinatorsText':
      'Design the questionnaire, open a round, invite every organisation, follow the response rate, send reminders, analyse and publish.',
    'web.home.forPublic': 'For the public, press and researchers',
    'web.home.forPublicText':
      'Published results are always aggregates. No published figure may reveal one organisation’s answers: small groups are not shown.',
    'web.home.registry': 'The organisation registry',
    'web.home.registryText': 'The registry holds {kommuner} municipalities and {regioner} regions.',
    'web.error.title': 'Something went wrong',
    'web.error.notFound': 'The page does not exist.',
    'web.error.forbidden': 'You are not allowed to see this page.',
    'web.error.internal': 'An unexpected error occurred. Please try again in a moment.',
    'web.error.csrf': 'The form had expired or came from another site. Reload the page and try again.',
    'web.error.backHome': 'Back to the home page',
    'web.error.badRequest':
      'The address or the form held something that cannot be read. Check the address, or go back and try again.',
    'web.error.tooLarge': 'What was sent was too large.',
    'web.error.rateLimited': 'Too many attempts in a short time. Wait a minute and try again.',
    'web.formErrors': 'The form has errors:',
  },
});
