/**
 * The import graph of the packages' own code (runtime, generator, cli), read with ts-morph from
 * the static `import`/`export ... from` declarations with relative specifiers and those through
 * the runtime package's entries and the packages' `internal/*` exports, type-only ones included: a type-only circle
 * still ties two modules together for a reader, and it becomes a runtime circle the day someone
 * drops the `type`. Dynamic `import()` is not an edge (it is how a module defers a load on purpose).
 */
import { existsSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Project } from "ts-morph";

export const REPOSITORY_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Module path (relative to the repository root) -> the package modules it imports. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** Each file under `folders` (relative to the repository root) with its static import specifiers. */
export function importSpecifiers(folders: readonly string[]): Map<string, string[]> {
  const project = new Project({ skipAddingFilesFromTsConfig: true, compilerOptions: { allowJs: false } });
  project.addSourceFilesAtPaths(
    folders.flatMap((folder) => [`${REPOSITORY_ROOT}/${folder}/**/*.ts`, `!${REPOSITORY_ROOT}/${folder}/**/dist/**`]),
  );
  const specifiers = new Map<string, string[]>();
  for (const file of project.getSourceFiles()) {
    const declarations = [...file.getImportDeclarations(), ...file.getExportDeclarations()];
    const values = declarations
      .map((declaration) => declaration.getModuleSpecifierValue())
      .filter((specifier) => specifier !== undefined);
    specifiers.set(relative(REPOSITORY_ROOT, file.getFilePath()), values);
  }
  return specifiers;
}

/** The packages' `./internal/*` exports, as the source folders they name. */
const INTERNAL_EXPORTS: readonly [string, string][] = [
  ["legolas-ts-cli/internal/", "packages/legolas-ts-cli/"],
  ["legolas-ts/internal/", "packages/legolas-ts/"],
];

/** The runtime package's public entries (packages/legolas-ts/package.json `exports`), as source files. */
const PUBLIC_ENTRIES: ReadonlyMap<string, string> = new Map([
  ["legolas-ts", "packages/legolas-ts/index.ts"],
  ["legolas-ts/runtime", "packages/legolas-ts/runtime/index.ts"],
  ["legolas-ts/codegen", "packages/legolas-ts/runtime/codegen.ts"],
]);

export function importGraph(folders: readonly string[]): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const [file, specifiers] of importSpecifiers(folders)) {
    const targets = specifiers.flatMap((specifier) => {
      if (specifier.startsWith("."))
        return [relative(REPOSITORY_ROOT, sourcePath(resolve(REPOSITORY_ROOT, dirname(file), specifier)))];
      const entry = PUBLIC_ENTRIES.get(specifier);
      if (entry !== undefined) return [entry];
      const internal = INTERNAL_EXPORTS.find(([prefix]) => specifier.startsWith(prefix));
      return internal === undefined
        ? []
        : [
            relative(
              REPOSITORY_ROOT,
              sourcePath(resolve(REPOSITORY_ROOT, internal[1] + specifier.slice(internal[0].length))),
            ),
          ];
    });
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The TypeScript file an ESM specifier (`./x.js`, `./folder`, an internal export's path) names. */
function sourcePath(target: string): string {
  const candidates = [target.replace(/\.js$/, ".ts"), `${target}.ts`, `${target}/index.ts`];
  return candidates.find((candidate) => existsSync(candidate)) ?? target;
}

/**
 * Every import circle, as the modules of each strongly connected component with more than one
 * module (or a module importing itself), found with Tarjan's algorithm. Each circle is listed in
 * sorted order so that a failing test prints the same text every run.
 */
export function importCircles(graph: ImportGraph): string[][] {
  const order = new Map<string, number>();
  const lowest = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (module: string): void => {
    order.set(module, order.size);
    lowest.set(module, order.get(module)!);
    stack.push(module);
    onStack.add(module);
    for (const target of graph.get(module) ?? []) {
      if (!order.has(target)) {
        visit(target);
        lowest.set(module, Math.min(lowest.get(module)!, lowest.get(target)!));
      } else if (onStack.has(target)) {
        lowest.set(module, Math.min(lowest.get(module)!, order.get(target)!));
      }
    }
    if (lowest.get(module) !== order.get(module)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== module);
    if (component.length > 1 || graph.get(module)?.includes(module)) circles.push(component.sort());
  };
  for (const module of [...graph.keys()].sort()) if (!order.has(module)) visit(module);
  return circles.sort((a, b) => a[0]!.localeCompare(b[0]!));
}
