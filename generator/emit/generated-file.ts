/**
 * One generated TypeScript file. Emitters add statements and ask for imports by symbol; the file
 * owns the preamble and the import block (deduplicated, `type` marked on names used only as
 * types, sorted), and prints once (printer.ts).
 */
import { RUNTIME_SYMBOLS, type RuntimeSymbol } from "legolas-ts/internal/symbols";
import { printStatements } from "./printer.js";
import type { Statement } from "./structures.js";

export type { Statement } from "./structures.js";

/** An import on one line up to this width, else one name a line. */
const IMPORT_WIDTH = 120;

export class GeneratedFile {
  /** specifier -> imported name -> whether only its type is used. */
  readonly #imports = new Map<string, Map<string, boolean>>();
  readonly #statements: Statement[] = [];

  constructor(
    /** The output path relative to the output folder, e.g. `digits-model.ts`. */
    readonly path: string,
    private readonly preamble: readonly string[],
    private readonly runtimeModule: string,
  ) {}

  /** Imports a runtime export by name and returns the name to use in code. */
  runtime(symbol: RuntimeSymbol): string {
    return this.importFrom(this.runtimeModule, symbol, RUNTIME_SYMBOLS[symbol].typeOnly);
  }

  /** Imports `name` from `specifier`; a value import wins over a type-only one of the same name. */
  importFrom(specifier: string, name: string, typeOnly: boolean): string {
    let names = this.#imports.get(specifier);
    if (names === undefined) this.#imports.set(specifier, (names = new Map()));
    names.set(name, typeOnly && (names.get(name) ?? true));
    return name;
  }

  add(...statements: Statement[]): void {
    this.#statements.push(...statements);
  }

  /** The file's full text. Deterministic: the same calls print the same bytes. */
  print(): string {
    const imports = this.#importLines();
    const head = [...this.preamble, ...imports, ...(imports.length === 0 ? [] : [""])];
    return `${head.join("\n")}\n${printStatements(this.#statements)}\n`;
  }

  #importLines(): string[] {
    const specifiers = [...this.#imports.keys()].sort(compareSpecifiers);
    return specifiers.flatMap((specifier) => {
      const names = [...this.#imports.get(specifier)!.entries()]
        .sort(([a], [b]) => compareNames(a, b))
        .map(([name, typeOnly]) => (typeOnly ? `type ${name}` : name));
      const from = JSON.stringify(specifier);
      const oneLine = `import { ${names.join(", ")} } from ${from};`;
      if (oneLine.length <= IMPORT_WIDTH) return [oneLine];
      return ["import {", ...names.map((name) => `  ${name},`), `} from ${from};`];
    });
  }
}

/** Packages before relative paths, each alphabetical. */
function compareSpecifiers(a: string, b: string): number {
  const relative = (specifier: string) => (specifier.startsWith(".") ? 1 : 0);
  return relative(a) - relative(b) || compareNames(a, b);
}

function compareNames(a: string, b: string): number {
  const lowerA = a.toLowerCase();
  const lowerB = b.toLowerCase();
  return lowerA < lowerB ? -1 : lowerA > lowerB ? 1 : a < b ? -1 : a > b ? 1 : 0;
}
