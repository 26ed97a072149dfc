/**
 * A version's row checks as one function, held by its descriptor as `checkRow`: its parent's
 * checks first (through the parent's descriptor), then its own, each in a `try` so that a check
 * that throws is reported as failed rather than ending validation. Failures go through the
 * runtime's `report`, as the walks' do, so that a list of a million failing records keeps the
 * first thousand violations and counts the rest.
 */
import { formatSchemaVersionName } from "legolas-ts/internal/identifier";
import type { ResolvedVersion } from "../resolve/ir.js";
import type { SchemaEmitContext } from "./context.js";
import { type FunctionStructure, StructureKind } from "./structures.js";
import { indent } from "./printer.js";
import { literal } from "./syntax.js";

export function checkFunction(version: ResolvedVersion, context: SchemaEmitContext): FunctionStructure {
  const { file, references } = context;
  const parent = version.parent?.hasChecks
    ? [`${references.name(version.parent, "schemaVersion")}.checkRow!(row, path, out);`]
    : [];
  const checks = version.checks.flatMap((check) => {
    const failed = (error: string) =>
      `${file.runtime("report")}(out, ${file.runtime("checkFailed")}, path, ${literal(check.message)}${error});`;
    return [
      `// ${context.sourceLink(check.position)}`,
      "try {",
      ...indent([`if (!(${check.expression})) ${failed("")}`]),
      "} catch (error) {",
      ...indent([failed(", error")]),
      "}",
    ];
  });
  return {
    kind: StructureKind.Function,
    name: version.names.check,
    docs: [
      `Runs the row checks of \`${formatSchemaVersionName(version)}\`, its parents' first, on a row whose fields are valid.`,
    ],
    parameters: [
      { name: "row", type: version.names.fields },
      { name: "path", type: "string" },
      { name: "out", type: `${file.runtime("Violation")}[]` },
    ],
    returnType: "void",
    statements: [...parent, ...checks],
  };
}
