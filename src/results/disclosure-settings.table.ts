export interface DisclosureSettingsTable {
  round_id: string;
  /** JSON: question keys, sorted. */
  national_exemptions: string;
  updated_at: string;
  /** Who set them, as the audit log names the actor. */
  updated_by: string;
}

export interface DisclosureSettingsTables {
  disclosure_settings: DisclosureSettingsTable;
}
