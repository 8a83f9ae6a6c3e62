export interface MunicipalityGroupsTable {
  code: string;
  main_group_code: string;
  main_group_name: string;
  name: string;
  definition: string;
}

export interface OrganisationsTable {
  code: string;
  name: string;
  type: 'kommun' | 'region';
  county_code: string;
  county_name: string;
  municipality_group: string | null;
  /** 0 or 1 on both dialects. */
  is_active: number;
  replaced_by: string | null;
  updated_at: string;
}

export interface OrganisationTables {
  municipality_groups: MunicipalityGroupsTable;
  organisations: OrganisationsTable;
}
