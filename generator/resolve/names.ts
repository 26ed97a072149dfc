/**
 * Every TypeScript name the generator emits for a schema version, chosen in one place. The
 * prefix is checked to be a PascalCase identifier at parse time, so these never need escaping.
 */
export interface VersionNames {
  /** `DigitsRowV1`: the row class. */
  readonly rowClass: string;
  /** `DigitsRowV1Fields`: the row's fields as a plain type. */
  readonly fields: string;
  /** `DigitsRowV1Input`: what the constructor accepts. */
  readonly input: string;
  /** `DigitsRowV1Json`: the row's JSON form (`toJSON`, `fromJSON`). */
  readonly json: string;
  /** `DigitsRowV1SchemaVersion`: the registered descriptor. */
  readonly schemaVersion: string;
  /** `validateDigitsRowV1`: the module's walk over a row's fields (the descriptor's `validateFields`). */
  readonly validate: string;
  /** `checkDigitsRowV1`: the module's row checks (the descriptor's `checkRow`). */
  readonly check: string;
}

export function versionNames(prefix: string, version: number): VersionNames {
  const rowClass = `${prefix}V${version}`;
  return {
    rowClass,
    fields: `${rowClass}Fields`,
    input: `${rowClass}Input`,
    json: `${rowClass}Json`,
    schemaVersion: `${rowClass}SchemaVersion`,
    validate: `validate${rowClass}`,
    check: `check${rowClass}`,
  };
}

/**
 * The name of a module-level constant of a version's validator, from the checked value's path and
 * what the constant holds: `BenchEventV1KindValues` (the values `kind` may take),
 * `BenchOwnerV1EmailPattern`, `DigitsRowV1PointNotePattern` for `point.note`.
 */
export function validatorConstantName(
  rowClass: string,
  path: string,
  holds: "Pattern" | "PatternDfa" | "Values",
): string {
  const words = path.split(/[^\p{ID_Continue}]+|_+/u).filter((word) => word !== "");
  return `${rowClass}${words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join("")}${holds}`;
}
