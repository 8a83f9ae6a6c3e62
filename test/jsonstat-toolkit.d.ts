/** The part of jsonstat-toolkit's API the tests use (the package ships no types). */
declare module 'jsonstat-toolkit' {
  interface JsonStatDimension {
    id: string[];
    label: string;
    Category(id: string): { label: string } | null;
  }
  interface JsonStatDataset {
    class: string;
    label: string;
    id: string[];
    n: number;
    Dimension(id: string): JsonStatDimension | null;
    Data(where: Record<string, string>): { value: number | null; status: string | null } | null;
  }
  export default function JSONstat(input: unknown): JsonStatDataset;
}
