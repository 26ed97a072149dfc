/**
 * docs/cli.md names every key of `legolas validate --json` and every `status` a file report can
 * hold, as the CLI's own types declare them: a script reads the document by those names, so a
 * key added to the output without a word in the docs fails here, not in a user's `jq`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Node, Project, type Type } from "ts-morph";
import { expect, test } from "vitest";
import { LEGOLAS_TABLE_PROBLEMS } from "../../generator/cli/table-validation.js";

const repository = join(import.meta.dirname, "../..");
const project = new Project({
  tsConfigFilePath: join(repository, "tsconfig.json"),
  skipAddingFilesFromTsConfig: true,
});
const reports = project.addSourceFileAtPath(join(repository, "generator/cli/table-validation.ts"));
const command = project.addSourceFileAtPath(join(repository, "generator/cli/commands/validate.ts"));
project.resolveSourceFileDependencies();

const names = (type: Type): string[] => type.getProperties().map((property) => property.getName());

/** The paragraph and list of docs/cli.md that describe the document. */
function described(): string {
  const page = readFileSync(join(repository, "docs/cli.md"), "utf8");
  const start = page.indexOf("`validate --json` prints one JSON document");
  expect(start, "docs/cli.md describes validate --json").toBeGreaterThan(-1);
  return page.slice(start, page.indexOf("```", start));
}

test("every key of validate --json, at the top, in a file report, a violation and a version's summary, is named in docs/cli.md", () => {
  // The object validate prints: the one literal with a `schemaVersions` property.
  const printed = command
    .getDescendants()
    .find((node) => Node.isObjectLiteralExpression(node) && node.getProperty("schemaVersions") !== undefined);
  expect(printed).toBeDefined();
  const fileReport = reports.getTypeAliasOrThrow("FileReport").getType();
  const keys = new Set([
    ...names(printed?.getType() as Type),
    ...fileReport.getUnionTypes().flatMap(names),
    ...names(reports.getInterfaceOrThrow("PlacedViolation").getType()),
    ...names(command.getInterfaceOrThrow("VersionSummary").getType()),
  ]);
  expect([...keys]).toEqual(
    expect.arrayContaining(["ok", "columns", "files", "schemaVersions", "violationCount", "row"]),
  );
  const page = described();
  expect([...keys].filter((key) => !page.includes(`\`${key}\``))).toEqual([]);
});

test("every status a file report holds is named in docs/cli.md", () => {
  const statuses = reports
    .getTypeAliasOrThrow("FileReport")
    .getType()
    .getUnionTypes()
    .map((member) => member.getPropertyOrThrow("status").getValueDeclarationOrThrow().getType().getLiteralValue());
  expect(statuses).toEqual(["ok", "partial", "invalid", "unfinished", "unreadable"]);
  const page = described();
  expect(statuses.filter((status) => !page.includes(`\`${String(status)}\``))).toEqual([]);
});

test("the codes of an unreadable file that exit 1, not 2, are those docs/cli.md lists", () => {
  const listed = /The codes\s+([^.]+?)\s+say the file is readable but no Legolas table/.exec(described())?.[1] ?? "";
  expect([...listed.matchAll(/`([a-z_]+)`/g)].map((match) => match[1]).sort()).toEqual(
    [...LEGOLAS_TABLE_PROBLEMS].sort(),
  );
});
