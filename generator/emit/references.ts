/**
 * How an emitter refers to another schema version's generated symbols: by a relative import
 * when that version is generated in the same run, or from the package when it is shipped.
 */
import type { ResolvedVersion } from "../resolve/ir.js";
import type { VersionNames } from "../resolve/names.js";
import type { GeneratedFile } from "./generated-file.js";

export interface EmitOptions {
  /** Where generated code imports the runtime from (`legolas-ts/codegen`). */
  readonly runtimeModule: string;
  /** Where generated code imports the package's shipped schemas from (`legolas-ts`). */
  readonly shippedModule: string;
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

  /** A name generated for `version`, imported when it lives in another module. */
  name(version: ResolvedVersion, which: keyof VersionNames, typeOnly = false): string {
    const name = version.names[which];
    if (version.name === this.ownSchema) return name;
    const specifier = version.file.external ? this.options.shippedModule : `./${version.name}.js`;
    return this.file.importFrom(specifier, name, typeOnly);
  }
}
