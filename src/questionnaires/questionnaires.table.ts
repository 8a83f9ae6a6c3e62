export interface QuestionnaireVersionsTable {
  id: string;
  year: number;
  /** The checked version as JSON, in the shape of questionnaire.schema.ts. */
  definition: string;
  /** The YAML text the version was read from (or written from a workbook), offered for download. */
  source_yaml: string;
  definition_sha256: string;
  origin: 'shipped' | 'uploaded';
  created_at: string;
  created_by: string | null;
  revision: number;
  used_since: string | null;
}

export interface QuestionnaireTables {
  questionnaire_versions: QuestionnaireVersionsTable;
}
