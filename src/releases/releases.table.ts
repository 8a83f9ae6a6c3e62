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
  /**
   * JSON: per organisation that submitted and question shown, a hash of its answer (never published); null in
   * releases made before they were kept, until a correction fills them in.
   */
  answer_fingerprints: string | null;
}

export interface ReleaseTables {
  releases: ReleasesTable;
}
