import type { AccessibilityTables } from '../accessibility/accessibility.table.ts';
import type { AccountTables } from '../accounts/accounts.table.ts';
import type { AuditTables } from '../audit/audit.table.ts';
import type { MailTables } from '../mail/outbox.table.ts';
import type { OrganisationTables } from '../organisations/organisations.table.ts';
import type { QuestionnaireTables } from '../questionnaires/questionnaires.table.ts';
import type { ReleaseTables } from '../releases/releases.table.ts';
import type { ReportTables } from '../reports/report-jobs.table.ts';
import type { ResponseTables } from '../responses/responses.table.ts';
import type { DisclosureSettingsTables } from '../results/disclosure-settings.table.ts';
import type { RoundTables } from '../rounds/rounds.table.ts';
import type { SettingsTables } from '../settings/settings.table.ts';

/** Every table of the product: the union of each module's tables. */
export interface Database
  extends OrganisationTables,
    AccountTables,
    AuditTables,
    SettingsTables,
    RoundTables,
    MailTables,
    ResponseTables,
    ReportTables,
    ReleaseTables,
    AccessibilityTables,
    QuestionnaireTables,
    DisclosureSettingsTables {}
