export interface ReleasesTable {
  id: string;
  round_id: string;
  version: number;
  published_at: string;
  publisher_id: string | null;
  publisher_label: string;
  answers_sha256: string;
  /** JSON: { kommun, region } questionnaire version ids. */
  questionnaire_versions: string;
  product_version: string;
  /** JSON: the disclosure policy and its parameters. */
  policy: string;
  errata_sv: string | null;
  errata_en: string | null;
  /** JSON: the organisations the figures describe, with their groups and names. */
  population: string;
  /** JSON: the round's results, exactly as computed when the release was made. */
  figures: string;
}

export interface ReleaseTables {
  releases: ReleasesTable;
}
