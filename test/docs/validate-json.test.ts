/**
 * docs/cli.md names every key of `legolas validate --json` and every `status` a file report can
 * hold, as the CLI's own types declare them: a script reads the document by those names, so a
 * key added to the output without a word in the docs fails here, not in a user's `jq`.
 */
import { expect, test } from "vitest";
import { LEGOLAS_TABLE_PROBLEMS } from "../../generator/cli/table-validation.js";
import { literalKeys, passage, propertyNames, sourceFiles, unnamed } from "./documented-keys.js";

const [reports, command] = sourceFiles("generator/cli/table-validation.ts", "generator/cli/commands/validate.ts");

/** The paragraph and list of docs/cli.md that describe the document. */
const described = (): string => passage("docs/cli.md", "`validate --json` prints one JSON document", "```");

const fileReports = () => reports!.getTypeAliasOrThrow("FileReport").getType().getUnionTypes();

test("every key of validate --json, at the top, in a file report, a violation and a version's summary, is named in docs/cli.md", () => {
  const keys = new Set([
    // The object validate prints: the one literal with a `schemaVersions` property.
    ...literalKeys(command!, "schemaVersions"),
    ...fileReports().flatMap(propertyNames),
    ...propertyNames(reports!.getInterfaceOrThrow("PlacedViolation").getType()),
    ...propertyNames(command!.getInterfaceOrThrow("VersionSummary").getType()),
  ]);
  expect([...keys]).toEqual(
    expect.arrayContaining(["ok", "columns", "files", "schemaVersions", "violationCount", "row"]),
  );
  expect(unnamed(keys, described())).toEqual([]);
});

test("every status a file report holds is named in docs/cli.md", () => {
  const statuses = fileReports().map((member) =>
    member.getPropertyOrThrow("status").getValueDeclarationOrThrow().getType().getLiteralValue(),
  );
  expect(statuses).toEqual(["ok", "partial", "invalid", "unfinished", "unreadable"]);
  expect(unnamed(statuses, described())).toEqual([]);
});

test("the codes of an unreadable file that exit 1, not 2, are those docs/cli.md lists", () => {
  const listed = /The codes\s+([^.]+?)\s+say the file is readable but no Legolas table/.exec(described())?.[1] ?? "";
  expect([...listed.matchAll(/`([a-z_]+)`/g)].map((match) => match[1]).sort()).toEqual(
    [...LEGOLAS_TABLE_PROBLEMS].sort(),
  );
});
