/**
 * The ts-morph structures the emitters build, narrowed to the parts they use: every one is a
 * ts-morph structure (test/generator/printer.test.ts hands them to ts-morph's printer), and the
 * printer (printer.ts) prints every part these types allow. Docs are plain text; bodies are
 * statements as text, one per line, indented relative to the body. Arrays are mutable only because
 * ts-morph's structure types say so.
 */
import type { StructureKind as TsMorphKind } from "ts-morph";

/**
 * The `StructureKind` members the emitters use, with ts-morph 28's values, typed as ts-morph's
 * enum members. Importing the enum itself loads all of ts-morph and the TypeScript compiler
 * (~0.3 s of a cold `generate`), which printing does not need; test/generator/printer.test.ts
 * checks the values against ts-morph's.
 */
export const StructureKind = {
  Class: 2 as TsMorphKind.Class,
  Function: 13 as TsMorphKind.Function,
  Interface: 19 as TsMorphKind.Interface,
} as const;

/** JSDoc blocks, one per string (blank lines inside a string make paragraphs). */
type Docs = string[];

export interface ParameterStructure {
  readonly name: string;
  readonly type: string;
}

export interface PropertySignatureStructure {
  readonly name: string;
  readonly docs?: Docs;
  readonly isReadonly?: boolean;
  readonly hasQuestionToken?: boolean;
  readonly type: string;
}

export interface InterfaceStructure {
  readonly kind: typeof StructureKind.Interface;
  readonly name: string;
  readonly docs?: Docs;
  readonly isExported?: boolean;
  readonly extends?: string[];
  readonly properties: PropertySignatureStructure[];
}

export interface FunctionStructure {
  readonly kind: typeof StructureKind.Function;
  readonly name: string;
  readonly docs?: Docs;
  readonly isExported?: boolean;
  readonly parameters: ParameterStructure[];
  readonly returnType: string;
  readonly statements: string[];
}

/**
 * A class property: declared (`declare`, its type), which the runtime gives its value, or given
 * its value here (`initializer`).
 */
export type PropertyStructure = {
  readonly name: string;
  readonly docs?: Docs;
  readonly isStatic?: boolean;
  readonly hasOverrideKeyword?: boolean;
  readonly isReadonly?: boolean;
} & (
  | { readonly hasDeclareKeyword: true; readonly type: string }
  | { readonly hasDeclareKeyword?: false; readonly initializer: string }
);

export interface ConstructorStructure {
  readonly docs?: Docs;
  readonly parameters: ParameterStructure[];
  readonly statements: string[];
}

export interface MethodStructure {
  readonly name: string;
  readonly docs?: Docs;
  readonly isStatic?: boolean;
  readonly hasOverrideKeyword?: boolean;
  readonly parameters: ParameterStructure[];
  readonly returnType: string;
  readonly statements: string[];
}

export interface ClassStructure {
  readonly kind: typeof StructureKind.Class;
  readonly name: string;
  readonly docs?: Docs;
  readonly isExported?: boolean;
  readonly extends?: string;
  readonly properties?: PropertyStructure[];
  readonly ctors?: ConstructorStructure[];
  readonly methods?: MethodStructure[];
}

/** A top-level statement: a structure, or code as text (module constants, the descriptor). */
export type Statement = string | InterfaceStructure | FunctionStructure | ClassStructure;
