export interface InstanceSettingsTable {
  key: string;
  value: string;
  created_at: string;
}

export interface SettingsTables {
  instance_settings: InstanceSettingsTable;
}
