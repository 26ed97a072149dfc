/**
 * A writer process for the crash and concurrency tests: writes `count` versions of a table to
 * one path through writeTable, each version a few hundred kilobytes whose every row holds the
 * writer's tag and the version number, so a reader can tell a whole version from a torn one.
 * Bundled with rolldown by crash-safety.test.ts and run with plain node.
 *
 *   node looping-writer.mjs <path> <tag> <count>
 */
import { writeTable } from "../../../runtime/arrow/table-files.js";
import { defineSchemaVersion } from "../../../runtime/schema-version.js";

interface Input {
  tag: bigint;
  version: bigint;
  values: Float64Array;
}

class VersionRow {
  readonly tag: bigint;
  readonly version: bigint;
  readonly values: Float64Array;
  constructor(input: Input) {
    this.tag = input.tag;
    this.version = input.version;
    this.values = input.values;
  }
  static validate(): [] {
    return [];
  }
  static is(): boolean {
    return true;
  }
}

export const VersionRowSchemaVersion = defineSchemaVersion<VersionRow, Input>({
  name: "test.hostile-version",
  version: 1,
  parent: null,
  fields: [
    { name: "tag", type: { kind: "int", bits: 64, signed: true }, optional: false, constraints: {} },
    { name: "version", type: { kind: "int", bits: 64, signed: true }, optional: false, constraints: {} },
    { name: "values", type: { kind: "list", element: { kind: "float", bits: 64 } }, optional: false, constraints: {} },
  ],
  checks: [],
  rowClass: VersionRow,
});

const [path, tag, count] = [process.argv[2]!, BigInt(process.argv[3]!), Number(process.argv[4]!)];
for (let version = 1n; version <= BigInt(count); version++) {
  const rows = Array.from({ length: 40 }, () => ({
    tag,
    version,
    values: new Float64Array(1000).fill(Number(version)),
  }));
  await writeTable(path, rows, VersionRowSchemaVersion);
  process.stdout.write(`${version}\n`);
}
