/** The part of datapackage-js (Frictionless Data's JavaScript library) the tests use (the package ships no types). */
declare module 'datapackage' {
  interface FrictionlessResource {
    name: string;
    valid: boolean;
    errors: Error[];
    /** Reads every row cast by the Table Schema; rejects on the first cast, constraint, key or relation error. */
    read(options?: { keyed?: boolean; relations?: boolean; cast?: boolean }): Promise<unknown[]>;
  }
  export class Package {
    static load(descriptor: string | object, options?: { basePath?: string; strict?: boolean }): Promise<Package>;
    valid: boolean;
    errors: Error[];
    resources: FrictionlessResource[];
  }
}
