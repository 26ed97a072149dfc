/**
 * The repository's address lives in the root package.json; both packages carry it (npm's page of
 * each links to the repository and its issues) and their READMEs link to it. After changing the
 * root's, `npm run links` copies it; this test fails until then. Packed tarballs stay out of git.
 */
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { expect, test } from "vitest";

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));
const root = readJson("package.json");

test("the root package.json names the repository, its home page and its issues", () => {
  expect(root.repository).toEqual({ type: "git", url: expect.stringMatching(/^git\+https:\/\/.+\.git$/) });
  expect(root.homepage).toMatch(/^https:\/\//);
  expect(root.bugs).toEqual({ url: expect.stringMatching(/^https:\/\//) });
});

test.each(["runtime", "generator"])(
  "%s/package.json and README.md carry the root's links (npm run links)",
  (folder) => {
    const manifest = readJson(`${folder}/package.json`);
    expect({ homepage: manifest.homepage, repository: manifest.repository, bugs: manifest.bugs }).toEqual({
      homepage: root.homepage,
      repository: { ...root.repository, directory: folder },
      bugs: root.bugs,
    });
    const readme = readFileSync(`${folder}/README.md`, "utf8");
    expect(readme).toContain(`](${root.homepage})`);
    expect(readme).toContain(`](${root.bugs.url})`);
  },
);

test("packed tarballs are ignored by git", () => {
  const ignored = execFileSync("git", ["check-ignore", "legolas-ts-0.1.0.tgz", "runtime/legolas-ts-0.1.0.tgz"], {
    encoding: "utf8",
  });
  expect(ignored.trim().split("\n")).toEqual(["legolas-ts-0.1.0.tgz", "runtime/legolas-ts-0.1.0.tgz"]);
});
