/**
 * The two sides of the columnar-validation tests: YAML schemas generated and registered in
 * memory (the CLI's schema loader), and the row path every table row takes in readTable and
 * `legolas validate` before the column validator (each row built by its row class).
 */
import type { Table } from "apache-arrow";
import { stringify } from "yaml";
import { evaluateModules } from "../../../../generator/cli/schema-loader.js";
import { generate, type SourceText } from "../../../../generator/generate.js";
import { readSchemaFolder, shippedSchemaFolder } from "../../../../generator/schema-folder.js";
import { rowReader } from "../../../../runtime/arrow/rows/batch-rows.js";
import { assertTableValid } from "../../../../runtime/arrow/validate/table-schema.js";
import type { RowViolations } from "../../../../runtime/arrow/validate/batch.js";
import type { SchemaVersion } from "../../../../runtime/index.js";

let shipped: SourceText[] | undefined;

/** Generates, evaluates and registers one version (`1`) of each schema. */
export async function loadYamlSchemas(
  schemas: readonly { schema: string; prefix: string; version: object }[],
): Promise<void> {
  shipped ??= await readSchemaFolder(shippedSchemaFolder());
  const sources = schemas.map(({ schema, prefix, version }) => ({
    path: `${schema}.yaml`,
    text: stringify({ schema, prefix, versions: new Map([[1, version]]) }),
  }));
  evaluateModules(generate(sources, { outDir: "generated", shipped }));
}

/** The row path: every row built by its row class, as readTable and `legolas validate` build them. */
export function rowPath(table: Table, schemaVersion: SchemaVersion): RowViolations[] {
  const read = rowReader(schemaVersion as SchemaVersion<object, never>, table.schema, "rows");
  const out: RowViolations[] = [];
  let first = 0;
  for (const batch of table.batches) {
    if (batch.numRows > 0) {
      const readRow = read(batch, first);
      for (let i = 0; i < batch.numRows; i++) {
        try {
          readRow(i);
        } catch (error) {
          if ((error as Error).name !== "RowValidationError") throw error;
          const { rowIndex, violations } = error as { rowIndex: number; violations: RowViolations["violations"] };
          out.push({ rowIndex, violations });
        }
      }
    }
    first += batch.numRows;
  }
  return out;
}

/** The rows readTable gave before rows became lazy: checked columns, then every row built by its row class; the first failure throws. */
export function rowClassRows(table: Table, schemaVersion: SchemaVersion): object[] {
  assertTableValid(table, schemaVersion);
  const read = rowReader(schemaVersion as SchemaVersion<object, never>, table.schema, "rows");
  const rows: object[] = [];
  for (const batch of table.batches) {
    if (batch.numRows === 0) continue;
    const readRow = read(batch, rows.length);
    for (let i = 0; i < batch.numRows; i++) rows.push(readRow(i));
  }
  return rows;
}
