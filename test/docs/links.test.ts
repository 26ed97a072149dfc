/**
 * Every relative link of README.md, ARCHITECTURE.md, SECURITY.md and docs/*.md leads somewhere:
 * the file exists and, when the link names a section (`schemas.md#row-checks`), the page has that
 * heading. Sections move between pages; a link left behind fails here, not in a reader's
 * browser. So does a section of BENCHMARKS.md quoted by its name (`BENCHMARKS.md, "Columnar
 * validation"`) that it does not hold.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { expect, test } from "vitest";

const repository = join(import.meta.dirname, "../..");
const pages = [
  "README.md",
  "ARCHITECTURE.md",
  "SECURITY.md",
  ...readdirSync(join(repository, "docs")).map((name) => `docs/${name}`),
].filter((page) => page.endsWith(".md"));

/** The page's text outside fenced code blocks, where links and headings are Markdown. */
function prose(page: string): string {
  return readFileSync(join(repository, page), "utf8").replace(/^ *```[^\n]*\n[\s\S]*?^ *```\s*$/gm, "");
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchor = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");

const anchorsOf = (page: string): Set<string> =>
  new Set([...prose(page).matchAll(/^#{1,6} (.*)$/gm)].map(([, heading = ""]) => anchor(heading)));

test.each(pages)("the relative links of %s resolve", (page) => {
  const broken: string[] = [];
  for (const [, target = ""] of prose(page).matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
    const [path = "", section] = target.split("#");
    const file = path === "" ? page : relative(repository, normalize(join(dirname(join(repository, page)), path)));
    if (!existsSync(join(repository, file))) broken.push(`${target}: no file ${file}`);
    else if (section !== undefined && file.endsWith(".md") && !anchorsOf(file).has(section)) {
      broken.push(`${target}: no heading "${section}" in ${file}`);
    }
  }
  expect(broken).toEqual([]);
});

test.each(pages)("the headings of %s are unique, so that each link leads to one section", (page) => {
  const headings = [...prose(page).matchAll(/^#{1,6} (.*)$/gm)].map(([, heading = ""]) => anchor(heading));
  expect(headings.filter((heading, index) => headings.indexOf(heading) !== index)).toEqual([]);
});

/** What a reader can search BENCHMARKS.md for: its headings, and the bold lead of a bullet (`- **Staged reads**`). */
const benchmarkSections = [
  ...readFileSync(join(repository, "BENCHMARKS.md"), "utf8").matchAll(/^(?:#{1,6} (.*)|- \*\*(.+?)\*\*)/gm),
].map(([, heading, lead]) => heading ?? lead ?? "");

test.each(pages)("the sections of BENCHMARKS.md that %s quotes by name are there", (page) => {
  const text = prose(page).replaceAll(/\s+/g, " ");
  const quoted = [...text.matchAll(/BENCHMARKS\.md(?:\]\([^)\s]*\))?,? "([^"]+)"/g)].map(([, name = ""]) => name);
  expect(quoted.filter((name) => !benchmarkSections.some((section) => section.includes(name)))).toEqual([]);
});
