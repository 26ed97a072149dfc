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
import { Project, ts } from "ts-morph";

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

/**
 * How the packages' specifiers (`legolas-ts`, `legolas-ts/codegen`, `legolas-ts/internal/*` ...)
 * map to source files: tsconfig.json's `paths`, the table the type-check itself resolves by.
 */
const PACKAGE_PATHS = Object.entries(
  (
    ts.readConfigFile(`${REPOSITORY_ROOT}/tsconfig.json`, ts.sys.readFile).config as {
      compilerOptions: { paths: Record<string, string[]> };
    }
  ).compilerOptions.paths,
).map(([pattern, [target]]) => ({ pattern, target: target! }));

/** The source file a package specifier names, or `undefined` for another package's. */
function packageSource(specifier: string): string | undefined {
  for (const { pattern, target } of PACKAGE_PATHS) {
    if (pattern === specifier) return resolve(REPOSITORY_ROOT, target);
    const prefix = pattern.endsWith("/*") ? pattern.slice(0, -1) : null;
    if (prefix !== null && specifier.startsWith(prefix)) {
      return sourcePath(resolve(REPOSITORY_ROOT, target.replace("*", specifier.slice(prefix.length))));
    }
  }
  return undefined;
}

export function importGraph(folders: readonly string[]): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const [file, specifiers] of importSpecifiers(folders)) {
    const targets = specifiers.flatMap((specifier) => {
      const source = specifier.startsWith(".")
        ? sourcePath(resolve(REPOSITORY_ROOT, dirname(file), specifier))
        : packageSource(specifier);
      return source === undefined ? [] : [relative(REPOSITORY_ROOT, source)];
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
