/**
 * How an emitter refers to another schema version's generated symbols: by a relative import
 * when that version is generated in the same run, or from the runtime module when it is shipped
 * with the package (`legolas-ts/codegen` exports the shipped schemas, so generated code has one
 * door and never the user entry).
 */
import type { RecordName } from "legolas-ts/internal/field-types";
import type { ResolvedVersion } from "../resolve/ir.js";
import type { VersionNames } from "../resolve/names.js";
import type { GeneratedFile } from "./generated-file.js";
import { literal } from "./syntax.js";

export interface EmitOptions {
  /** Where generated code imports the runtime and the package's shipped schemas from (`legolas-ts/codegen`). */
  readonly runtimeModule: string;
}

export class References {
  constructor(
    private readonly file: GeneratedFile,
    private readonly options: EmitOptions,
    private readonly versions: ReadonlyMap<string, ResolvedVersion>,
    /** The schema whose file is being emitted: its own names need no import. */
    private readonly ownSchema: string,
  ) {}

  /** The version registered as `name@N`. */
  version(key: string): ResolvedVersion {
    const version = this.versions.get(key);
    if (version === undefined) throw new Error(`internal: ${key} was not resolved`);
    return version;
  }

  /**
   * A nested record's field type as a descriptor holds it: its name, which the wire format
   * writes, and a thunk returning its child's descriptor, so that declaration order never matters.
   */
  recordType(type: RecordName): string {
    const child = this.name(this.version(type.identifier), "schemaVersion");
    return `{ kind: "record", identifier: ${literal(type.identifier)}, schemaVersion: () => ${child} }`;
  }

  /** A name generated for `version`, imported when it lives in another module. */
  name(version: ResolvedVersion, which: keyof VersionNames, typeOnly = false): string {
    const name = version.names[which];
    if (version.name === this.ownSchema) return name;
    const specifier = version.file.external ? this.options.runtimeModule : `./${version.name}.js`;
    return this.file.importFrom(specifier, name, typeOnly);
  }
}
