/**
 * Writes a one-row table to `argv[2]` through writeTable and prints what happened as JSON: run by
 * file-replacement.test.ts as an unprivileged user, since root passes every permission check.
 * Bundled with rolldown and run with plain node.
 */
import { writeTable } from "../../../../runtime/arrow/table-files.js";
import { defineSchemaVersion } from "../../../../runtime/schema-version.js";

class CountRow {
  readonly count: bigint;
  constructor(input: { count: bigint }) {
    this.count = input.count;
  }
  static validate(): [] {
    return [];
  }
  static is(): boolean {
    return true;
  }
}

const CountRowSchemaVersion = defineSchemaVersion<CountRow, { count: bigint }>({
  name: "test.count",
  version: 1,
  parent: null,
  fields: [{ name: "count", type: { kind: "int", bits: 64, signed: true }, optional: false, constraints: {} }],
  checks: [],
  rowClass: CountRow,
});

try {
  await writeTable(process.argv[2]!, [{ count: 1n }], CountRowSchemaVersion);
  console.log(JSON.stringify({ written: true }));
} catch (error) {
  const { name, code, path, operation, systemCode, message } = error as Record<string, unknown>;
  console.log(JSON.stringify({ name, code, path, operation, systemCode, message }));
}
