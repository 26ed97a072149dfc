// `npm run links`: the repository's address lives in one place, the root package.json
// (`homepage`, `repository`, `bugs`). This copies it into both packages' package.json (with each
// package's `directory`) and replaces the old address in their READMEs, so that npm's page of
// each package links to the repository. test/architecture/package-links.test.ts fails until it
// has run after a change of the root's address.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repository = fileURLToPath(new URL("..", import.meta.url));
const PACKAGES = ["runtime", "generator"];

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
const root = readJson(join(repository, "package.json"));

for (const folder of PACKAGES) {
  const manifestPath = join(repository, folder, "package.json");
  const readmePath = join(repository, folder, "README.md");
  const manifest = readJson(manifestPath);
  const links = { homepage: root.homepage, repository: { ...root.repository, directory: folder }, bugs: root.bugs };
  let readme = readFileSync(readmePath, "utf8");
  for (const [before, after] of [
    [manifest.homepage, links.homepage],
    [manifest.bugs?.url, links.bugs.url],
  ]) {
    if (before !== undefined && before !== after) readme = readme.replaceAll(before, after);
  }
  // The links go after "license", as in the root package.json.
  const entries = Object.entries(manifest).filter(([key]) => !(key in links));
  const at = entries.findIndex(([key]) => key === "license") + 1;
  entries.splice(at, 0, ...Object.entries(links));
  writeFileSync(manifestPath, `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`);
  writeFileSync(readmePath, readme);
  console.log(`${folder}: ${links.homepage}`);
}
