/**
 * What the `--json` tests of test/docs share: the CLI's own types read with ts-morph, the page's
 * passage that describes a document, and the names it leaves out.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Node, Project, type SourceFile, type Type } from "ts-morph";
import { expect } from "vitest";

const repository = join(import.meta.dirname, "../..");

/** The source files at `paths` (from the repository's root), with what they import resolved. */
export function sourceFiles(...paths: string[]): SourceFile[] {
  const project = new Project({
    tsConfigFilePath: join(repository, "tsconfig.json"),
    skipAddingFilesFromTsConfig: true,
  });
  const files = paths.map((path) => project.addSourceFileAtPath(join(repository, path)));
  project.resolveSourceFileDependencies();
  return files;
}

export const propertyNames = (type: Type): string[] => type.getProperties().map((property) => property.getName());

/** The properties of every object literal of `file` that has a property named `key`. */
export function literalKeys(file: SourceFile, key: string): string[] {
  return file
    .getDescendants()
    .filter((node) => Node.isObjectLiteralExpression(node) && node.getProperty(key) !== undefined)
    .flatMap((node) => propertyNames(node.getType()));
}

/** The text of `page` from `start` to the first `end` after it. */
export function passage(page: string, start: string, end: string): string {
  const text = readFileSync(join(repository, page), "utf8");
  const from = text.indexOf(start);
  expect(from, `${page} holds ${start}`).toBeGreaterThan(-1);
  return text.slice(from, text.indexOf(end, from));
}

/** The names `text` does not give in backticks. */
export function unnamed(names: Iterable<unknown>, text: string): string[] {
  return [...names].map(String).filter((name) => !text.includes(`\`${name}\``));
}
