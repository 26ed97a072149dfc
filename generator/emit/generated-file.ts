/**
 * One generated TypeScript file. Emitters add statements and ask for imports by symbol; the file
 * owns the preamble and the import block (deduplicated, `import type` kept apart, sorted), and
 * is printed once, from ts-morph structures.
 */
import type { ImportDeclarationStructure, OptionalKind, SourceFileStructure, StatementStructures } from "ts-morph";
import { RUNTIME_SYMBOLS, type RuntimeSymbol } from "legolas-ts/internal/symbols";
import { StructureKind } from "./structure-kind.js";
import { printStructures } from "./structure-printer.js";
import { tsMorph } from "../ts-morph-lazy.js";
import { fitToWidth } from "./layout.js";

export type Statement = string | StatementStructures;

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
    // Printing the structures directly, rather than through a Project's source file, skips
    // parsing the printed text back into a syntax tree that nothing here reads (half the time);
    // structure-printer.ts prints them as ts-morph would, and hands back what it cannot.
    const statements = [...this.#importDeclarations(), ...this.#statements];
    const body =
      printStructures(statements, INDENT) ?? printWithTsMorph({ kind: StructureKind.SourceFile, statements });
    return fitToWidth(`${this.preamble.join("\n")}\n${body}`);
  }

  *#importDeclarations(): Generator<
    OptionalKind<ImportDeclarationStructure> & { kind: StructureKind.ImportDeclaration }
  > {
    const specifiers = [...this.#imports.keys()].sort(compareSpecifiers);
    for (const moduleSpecifier of specifiers) {
      const names = [...this.#imports.get(moduleSpecifier)!.entries()].sort(([a], [b]) => compareNames(a, b));
      yield {
        kind: StructureKind.ImportDeclaration,
        moduleSpecifier,
        namedImports: names.map(([name, isTypeOnly]) => ({ name, isTypeOnly })),
      };
    }
  }
}

const INDENT = 2;

/** ts-morph's own printer, loaded only for a file structure-printer.ts does not print. */
export function printWithTsMorph(structure: SourceFileStructure): string {
  return tsMorph().printStructure(structure, { indentNumberOfSpaces: INDENT, newLine: "\n" });
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
