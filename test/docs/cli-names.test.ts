/**
 * What the pages tell a user to type or to catch is there: every flag they give a `legolas`
 * command is one that command takes (its `--help` lists it), and every error `code` they name
 * (`code: "row_invalid"`, `code === "constraint_violated"`) is one legolas-ts throws or reports.
 * A flag renamed or a code retired leaves the page behind; it fails here, not in a user's script.
 */
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, test } from "vitest";
import type { ViolationCode } from "../../runtime/violations.js";

const run = promisify(execFile);
const repository = join(import.meta.dirname, "../..");
const pages = [
  "README.md",
  "ARCHITECTURE.md",
  ...readdirSync(join(repository, "docs")).map((name) => `docs/${name}`),
].filter((page) => page.endsWith(".md"));
const text = (page: string): string => readFileSync(join(repository, page), "utf8");

const COMMANDS = ["generate", "init", "inspect", "validate", "compat", "docs"] as const;

/** Each `legolas <command> ...` a page shows, in code or a code span, with the flags given to it. */
function flagsGiven(page: string): { command: string; flag: string; line: number }[] {
  const found: { command: string; flag: string; line: number }[] = [];
  text(page)
    .split("\n")
    .forEach((line, index) => {
      // A command runs to the end of its code span (or line), or to the next command; a `# comment` is prose.
      for (const match of line.matchAll(new RegExp(`\\blegolas (${COMMANDS.join("|")})\\b([^\`#]*)`, "g"))) {
        const [, command = "", rest = ""] = match;
        const own = rest.split(/ (?:&&|\|\||\||>) |;/)[0] ?? ""; // up to the next command of a shell line
        for (const [flag = ""] of own.matchAll(/(?<![\w-])--[a-z][a-z-]*[a-z]/g)) {
          found.push({ command, flag, line: index + 1 });
        }
      }
    });
  return found;
}

test("every flag the pages give a legolas command is one it takes", async () => {
  const cli = join(repository, "generator/bin/legolas.js");
  const accepted = new Map<string, Set<string>>();
  for (const command of COMMANDS) {
    const { stdout } = await run(process.execPath, [cli, command, "--help"]);
    accepted.set(command, new Set(stdout.match(/--[a-z][a-z-]*[a-z]/g) ?? []));
  }
  const given = pages.flatMap((page) => flagsGiven(page).map((use) => ({ ...use, page })));
  expect(given.length).toBeGreaterThan(20);
  const unknown = given.filter(({ command, flag }) => !accepted.get(command)?.has(flag));
  expect(unknown.map(({ page, line, command, flag }) => `${page}:${line}: legolas ${command} ${flag}`)).toEqual([]);
}, 30_000);

const VIOLATION_CODES: readonly ViolationCode[] = [
  "missing_field",
  "incorrect_type",
  "constraint_violated",
  "check_failed",
];

/** The codes of the error classes declared in the two packages' sources (`readonly code = "row_invalid"`). */
function declaredErrorCodes(): Set<string> {
  const codes = new Set<string>();
  for (const folder of ["runtime", "generator"]) {
    for (const file of readdirSync(join(repository, folder), { recursive: true, encoding: "utf8" })) {
      if (!file.endsWith(".ts") || file.endsWith(".d.ts") || file.split(/[\\/]/).includes("node_modules")) continue;
      for (const [, code = ""] of readFileSync(join(repository, folder, file), "utf8").matchAll(
        /readonly code = "([a-z_]+)"/g,
      )) {
        codes.add(code);
      }
    }
  }
  return codes;
}

test("every error code the pages name is one legolas-ts throws or reports", () => {
  const known = new Set([...declaredErrorCodes(), ...VIOLATION_CODES, "usage"]);
  expect(known.has("row_invalid") && known.has("schema_declaration_invalid")).toBe(true);
  const named = pages.flatMap((page) =>
    [...text(page).matchAll(/\bcode(?:: | === )"([a-z_]+)"/g)].map(([, code = ""]) => ({ page, code })),
  );
  expect(named.length).toBeGreaterThan(5);
  expect(named.filter(({ code }) => !known.has(code)).map(({ page, code }) => `${page}: ${code}`)).toEqual([]);
});
