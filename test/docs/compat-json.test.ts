/**
 * docs/schemas.md names every key of `legolas compat --json` and every change `kind`, as the
 * CLI's own types declare them: a CI script reads the document by those names, so a key or kind
 * added without a word in the docs fails here, not in a user's `jq`.
 */
import { expect, test } from "vitest";
import { literalKeys, passage, propertyNames, sourceFiles, unnamed } from "./documented-keys.js";

const [changes, report, command] = sourceFiles(
  "generator/compat/changes.ts",
  "generator/compat/report.ts",
  "generator/cli/commands/compat.ts",
);

/** The list of docs/schemas.md that describes the document. */
const described = (): string => passage("docs/schemas.md", "`compat --json` prints one JSON document", "\n## ");

test("every key of compat --json, of the run, a comparison, a change and a left-out file, is named in docs/schemas.md", () => {
  const keys = new Set([
    ...literalKeys(report!, "comparisons"),
    ...literalKeys(report!, "passes"),
    ...literalKeys(command!, "deletedUnreadable"),
    ...["Comparison", "Change", "Caveat"].flatMap((name) =>
      propertyNames(changes!.getInterfaceOrThrow(name).getType()),
    ),
    ...propertyNames(command!.getInterfaceOrThrow("DeletedUnreadable").getType()),
  ]);
  expect([...keys]).toEqual(
    expect.arrayContaining(["mode", "ok", "passes", "removed", "added", "deletedUnreadable", "within", "errors"]),
  );
  expect(unnamed(keys, described())).toEqual([]);
});

test("every change kind is named in docs/schemas.md", () => {
  const kinds = changes!
    .getTypeAliasOrThrow("ChangeKind")
    .getType()
    .getUnionTypes()
    .map((kind) => kind.getLiteralValue());
  expect(kinds.length).toBeGreaterThan(20);
  expect(unnamed(kinds, described())).toEqual([]);
});
