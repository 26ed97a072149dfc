/**
 * The `StructureKind` members the emitters use, with ts-morph 28's values, typed as ts-morph's
 * enum members. Importing the enum itself loads all of ts-morph and the TypeScript compiler
 * (~0.3 s of a cold `generate`), which printing with structure-printer.ts does not need;
 * test/generator/structure-printer.test.ts checks the values against ts-morph's.
 */
import type { StructureKind as TsMorphKind } from "ts-morph";

export const StructureKind = {
  Class: 2 as TsMorphKind.Class,
  Function: 13 as TsMorphKind.Function,
  ImportDeclaration: 16 as TsMorphKind.ImportDeclaration,
  Interface: 19 as TsMorphKind.Interface,
  SourceFile: 36 as TsMorphKind.SourceFile,
} as const;

/** The same members as types, for `{ kind: StructureKind.Interface }` annotations. */
export declare namespace StructureKind {
  type Class = TsMorphKind.Class;
  type Function = TsMorphKind.Function;
  type ImportDeclaration = TsMorphKind.ImportDeclaration;
  type Interface = TsMorphKind.Interface;
  type SourceFile = TsMorphKind.SourceFile;
}
