/**
 * The generator as a pure function: YAML texts in, generated files out. parse -> resolve -> emit
 * -> row checks type-checked over the emitted row types (check-types.ts); nothing here touches
 * the disk (see write/ and cli/commands/generate.ts for that).
 */
import { containedTypes, isJuliaContainer } from "legolas-ts/internal/julia-containers";
import { basename, posix, relative, sep } from "node:path";
import { typeCheckRowChecks, type ModuleText } from "./check-types.js";
import { Diagnostics } from "./diagnostics.js";
import { commentText } from "./emit/comment-text.js";
import { GeneratedFile } from "./emit/generated-file.js";
import { References, type EmitOptions } from "./emit/references.js";
import { emitVersion } from "./emit/schema-file.js";
import { parseSchemaFile } from "./parse/parse-schema-file.js";
import { type NotUtf8, notUtf8Message } from "./parse/source-encoding.js";
import type { DeclaredFieldType } from "legolas-ts/internal/field-types";
import type { SchemaFileDeclaration } from "./parse/declarations.js";
import type { ResolvedSchemaFile, ResolvedVersion } from "./resolve/ir.js";
import { type BrokenFile, resolveSchemaFiles, type SchemaFileInput } from "./resolve/resolve.js";
import { GENERATOR_VERSION } from "./version.js";

/** The module generated code imports its runtime from, unless `--runtime` names another. */
export const DEFAULT_RUNTIME_MODULE = "legolas-ts/codegen";

export interface SourceText {
  /** The path as the user gave it; messages name it. */
  readonly path: string;
  readonly text: string;
  /**
   * Where the file's bytes stop being UTF-8 (parse/source-encoding.ts), which `text` then holds
   * as U+FFFD: a declaration error there, rather than a value no row holds.
   */
  readonly notUtf8?: NotUtf8;
}

export interface GenerateOptions extends Partial<EmitOptions> {
  /** The folder the output goes to, so the preamble can link back to the YAML files. */
  readonly outDir: string;
  /** Schemas that are known but not generated: the package's shipped ones, imported from the runtime module. */
  readonly shipped?: readonly SourceText[];
  /** Leave the generator version out of the preamble (for golden files). */
  readonly omitVersion?: boolean;
}

export interface OutputFile {
  /** Relative to the output folder, with `/` separators. */
  readonly path: string;
  readonly content: string;
}

/**
 * Generates one module per schema file plus `index.ts`; throws `SchemaDeclarationError`. One run
 * reports the errors of every stage wherever a stage can still check: the files that parse, and
 * what parses of a file whose versions have errors, are resolved even when others do not (what
 * refers to a version a broken file failed to declare is one error saying so), and the row checks of files that no error touches are
 * type-checked (over their emitted row types) even when other files have errors.
 */
export function generate(sources: readonly SourceText[], options: GenerateOptions): OutputFile[] {
  const diagnostics = new Diagnostics();
  const files = parseAndResolve(sources, options.shipped ?? [], diagnostics);
  if (diagnostics.count > 0) {
    // Files that no error touches, directly or through a parent or nested record, can still
    // have their row checks type-checked, so the run reports those errors too.
    const touched = touchedBy(diagnostics.files(), versionIndex(files));
    const untouched = files.filter((file) => !file.external && !file.versions.some(touched));
    const emitter = fileEmitter(files, options);
    typeCheckChecks(untouched, (file) => emitter.emit(file).content, files, emitter, diagnostics);
  }
  diagnostics.throwIfAny();
  return emitAll(files, options);
}

/** Whether an error touches a version: in its file, or (transitively) in a parent's or nested record's. Memoized. */
function touchedBy(
  broken: ReadonlySet<string>,
  versions: ReadonlyMap<string, ResolvedVersion>,
): (version: ResolvedVersion) => boolean {
  const known = new Map<ResolvedVersion, boolean>();
  const touched = (version: ResolvedVersion): boolean => {
    const seen = known.get(version);
    if (seen !== undefined) return seen;
    known.set(version, false); // a cycle is an error of its own file, reported there
    const result =
      broken.has(version.file.source) ||
      (version.parent !== null && touched(version.parent)) ||
      version.fields.some(({ descriptor }) =>
        recordsOf(descriptor.type).some((identifier) => {
          const record = versions.get(identifier);
          return record === undefined || touched(record);
        }),
      );
    known.set(version, result);
    return result;
  };
  return touched;
}

/** The `name@N` of every nested record a field type holds, at any depth. */
function recordsOf(type: DeclaredFieldType): string[] {
  if (type.kind === "record") return [type.identifier];
  if (type.kind === "list") return recordsOf(type.element);
  if (type.kind === "struct") return type.fields.flatMap((field) => recordsOf(field.type));
  if (isJuliaContainer(type)) return containedTypes(type).flatMap(recordsOf);
  return [];
}

/**
 * The parse stage of a whole run: every file's declarations, the shipped ones marked external.
 * Throws `SchemaDeclarationError` listing every file's errors.
 */
export function parseSources(sources: readonly SourceText[], shipped: readonly SourceText[] = []): SchemaFileInput[] {
  const diagnostics = new Diagnostics();
  const { inputs } = parseEach(sources, shipped, diagnostics);
  diagnostics.throwIfAny();
  return inputs;
}

/** The parse stage of one file: its declaration, or `null` with its errors added (a file that is not UTF-8 is not parsed). */
export function parseSource(source: SourceText, diagnostics: Diagnostics): SchemaFileDeclaration | null {
  if (source.notUtf8 === undefined) return parseSchemaFile(source.path, source.text, diagnostics);
  const { line, col } = source.notUtf8;
  diagnostics.add({ file: source.path, line, col }, "file-encoding", notUtf8Message(source.notUtf8));
  return null;
}

/**
 * Parses every file. A file with errors only inside its versions is kept without their broken
 * parts, so its other parts are resolved and their errors reported in the same run; a file with
 * any other error is left out. Either way its schema name (from the file name, and as declared)
 * maps to its path in `unparsed` (with the versions its keys name, when they could all be read),
 * so a reference to what it failed to declare says so.
 */
function parseEach(
  sources: readonly SourceText[],
  shipped: readonly SourceText[],
  diagnostics: Diagnostics,
): { inputs: SchemaFileInput[]; unparsed: Map<string, BrokenFile> } {
  const unparsed = new Map<string, BrokenFile>();
  const parse = (source: SourceText, external: boolean): SchemaFileInput[] => {
    const before = diagnostics.count;
    const declaration = parseSource(source, diagnostics);
    if (declaration !== null && diagnostics.count === before) return [{ declaration, external }];
    // A .yml file is read too (schema-folder.ts), and names its schema as a .yaml file does.
    const named = basename(source.path).replace(/\.ya?ml$/, "");
    if (declaration === null || declaration.errors !== "versions") {
      unparsed.set(named, { path: source.path });
      return [];
    }
    const { versionsWritten: versions } = declaration;
    const broken = versions === undefined ? { path: source.path } : { path: source.path, versions };
    unparsed.set(named, broken).set(declaration.schema, broken);
    return [{ declaration, external }];
  };
  const inputs = [...sources.flatMap((s) => parse(s, false)), ...shipped.flatMap((s) => parse(s, true))];
  return { inputs, unparsed };
}

/**
 * Parse and resolve, as `generate` does before it emits (`legolas compat` and `legolas docs`):
 * one run reports the errors of every file, a file with parse errors included. Throws
 * `SchemaDeclarationError`.
 */
export function resolveSources(
  sources: readonly SourceText[],
  shipped: readonly SourceText[] = [],
): ResolvedSchemaFile[] {
  const diagnostics = new Diagnostics();
  const files = parseAndResolve(sources, shipped, diagnostics);
  diagnostics.throwIfAny();
  return files;
}

/** Every file parsed, and what parses resolved (see `parseEach`), their errors added to `diagnostics`. */
function parseAndResolve(
  sources: readonly SourceText[],
  shipped: readonly SourceText[],
  diagnostics: Diagnostics,
): ResolvedSchemaFile[] {
  const { inputs, unparsed } = parseEach(sources, shipped, diagnostics);
  return resolveSchemaFiles(inputs, diagnostics, unparsed);
}

/** The resolve stage over parsed files; throws `SchemaDeclarationError`. */
export function resolveParsed(inputs: readonly SchemaFileInput[]): ResolvedSchemaFile[] {
  const diagnostics = new Diagnostics();
  const files = resolveSchemaFiles(inputs, diagnostics);
  diagnostics.throwIfAny();
  return files;
}

/** Resolve and emit from parsed files (`--watch` parses only the files that changed). */
export function generateParsed(inputs: readonly SchemaFileInput[], options: GenerateOptions): OutputFile[] {
  return emitAll(resolveParsed(inputs), options);
}

function versionIndex(files: readonly ResolvedSchemaFile[]): Map<string, ResolvedVersion> {
  return new Map(
    files.flatMap((file) => file.versions.map((version) => [`${version.name}@${version.version}`, version] as const)),
  );
}

interface FileEmitter {
  readonly emit: (file: ResolvedSchemaFile) => OutputFile;
  readonly options: EmitOptions;
  /** Who generated the files, for their first line. */
  readonly by: string;
}

function fileEmitter(files: readonly ResolvedSchemaFile[], options: GenerateOptions): FileEmitter {
  const emitOptions: EmitOptions = {
    runtimeModule: options.runtimeModule ?? DEFAULT_RUNTIME_MODULE,
  };
  const versions = versionIndex(files);
  const by = options.omitVersion ? "legolas-ts" : `legolas-ts ${GENERATOR_VERSION}`;
  const emit = (schemaFile: ResolvedSchemaFile): OutputFile => {
    // The path comes from the command line or package.json: it may hold a line break or `*/`.
    const source = commentText(linkTo(options.outDir, schemaFile.source));
    const identifiers = schemaFile.versions.map((v) => `${v.name}@${v.version}`).join(", ");
    const file = new GeneratedFile(
      `${schemaFile.schema}.ts`,
      [
        `// @generated by ${by} from ${source} (${identifiers}). DO NOT EDIT.`,
        // Formatters leave the file as printed (emit/printer.ts), so `generate --check` stays a byte comparison.
        "// biome-ignore-all format: generated code",
        // A row class and its interface share a name: the interface declares the fields the class holds.
        "// biome-ignore-all lint/suspicious/noUnsafeDeclarationMerging: generated row classes",
        "/* eslint-disable */",
      ],
      emitOptions.runtimeModule,
    );
    const references = new References(file, emitOptions, versions, schemaFile.schema);
    const sourceLink = (position: { line: number }) => `${source}:${position.line}`;
    const constants = new Map<string, string>();
    for (const version of schemaFile.versions)
      file.add(...emitVersion(version, { file, references, sourceLink, constants }));
    return { path: file.path, content: file.print() };
  };
  return { emit, options: emitOptions, by };
}

function emitAll(files: readonly ResolvedSchemaFile[], options: GenerateOptions): OutputFile[] {
  const local = files.filter((file) => !file.external).sort((a, b) => (a.schema < b.schema ? -1 : 1));
  const emitter = fileEmitter(files, options);
  const outputs = local.map(emitter.emit);
  const diagnostics = new Diagnostics();
  typeCheckChecks(local, (file) => outputs[local.indexOf(file)]!.content, files, emitter, diagnostics);
  diagnostics.throwIfAny();
  const index = [
    `// @generated by ${emitter.by}. DO NOT EDIT.`,
    ...local.map((f) => `export * from "./${f.schema}.js";`),
    "",
  ].join("\n");
  return [...outputs, { path: "index.ts", content: index }];
}

/**
 * Adds a diagnostic for every row check and field `value:` expression of `local` that does not
 * type-check over its row;
 * `contentOf` gives a local file's generated text (emitted only when some check needs it).
 */
function typeCheckChecks(
  local: readonly ResolvedSchemaFile[],
  contentOf: (file: ResolvedSchemaFile) => string,
  files: readonly ResolvedSchemaFile[],
  emitter: FileEmitter,
  diagnostics: Diagnostics,
): void {
  const checked = local
    .flatMap((file) => file.versions)
    .filter((version) => version.checks.length > 0 || version.fields.some((field) => field.own && field.value));
  if (checked.length === 0) return;
  // Shipped modules are emitted here only so that a local row type that extends one resolves.
  const modules: ModuleText[] = [
    ...local.map((file) => ({ schema: file.schema, external: false, content: contentOf(file) })),
    ...files
      .filter((file) => file.external)
      .map((file) => ({ schema: file.schema, external: true, content: emitter.emit(file).content })),
  ];
  typeCheckRowChecks(checked, modules, emitter.options, diagnostics);
}

/** The YAML file as a relative path from the output folder, with `/` separators. */
function linkTo(outDir: string, yamlPath: string): string {
  return relative(outDir, yamlPath).split(sep).join(posix.sep);
}
