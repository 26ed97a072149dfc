/**
 * Whether Node will load `generate --target js` output, which is ES modules in `.js` files: Node
 * takes a `.js` file for an ES module only where the nearest package.json above it says
 * `"type": "module"`. Under `"type": "commonjs"` (what npm 11's `npm init -y` writes) it
 * loads them as CommonJS, a SyntaxError at their first `import` or `export`; under no "type" it
 * reparses each as an ES module with a warning, and Node before 20.19 refuses them.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { readPackageJson } from "./package-json.js";

/** A warning for JavaScript written to `out` when its package.json does not make it an ES module; `null` when it does, or when no package.json is found. */
export function esModuleScopeWarning(out: string): string | null {
  const manifest = nearestPackageJson(resolve(out));
  if (manifest === null) return null;
  const value = readPackageJson(manifest);
  if (value === null) return null; // not ours to judge: npm and Node report a broken package.json
  const type = (value as { type?: unknown }).type;
  if (type === "module") return null;
  const fix = `set "type": "module" there (\`npm pkg set type=module\`), or generate TypeScript for your build instead`;
  return type === "commonjs"
    ? `warning: ${out}'s JavaScript is ES modules, but ${manifest} has "type": "commonjs", so Node loads them as CommonJS and fails with a SyntaxError: ${fix}`
    : `warning: ${out}'s JavaScript is ES modules, but ${manifest} has no "type": "module", so Node reparses each with a warning, and Node before 20.19 refuses them: ${fix}`;
}

/** The package.json that governs files in `folder` (existing or not): the nearest at or above it. */
function nearestPackageJson(folder: string): string | null {
  for (let at = folder; ; at = dirname(at)) {
    const candidate = join(at, "package.json");
    if (existsSync(candidate)) return candidate;
    if (dirname(at) === at) return null;
  }
}
