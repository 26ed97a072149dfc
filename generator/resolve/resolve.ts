/**
 * Resolve: all parsed schema files together. Links each version to its parent (across files,
 * any depth), flattens and narrows the inherited fields, resolves nested record types, checks
 * defaults, constraints and row checks, and names everything. Every broken rule becomes a
 * diagnostic at its YAML position.
 */
import { basename } from "node:path";
import type { SourcePosition } from "../errors.js";
import { formatFieldType, type DeclaredFieldDescriptor, type DeclaredFieldType } from "legolas-ts/internal/field-types";
import { formatIdentifier, formatSchemaVersionName, parseIdentifier } from "legolas-ts/internal/identifier";
import { IdentifierError } from "legolas-ts/internal/errors";
import { quote, type Diagnostics } from "../diagnostics.js";
import type { FieldDeclaration, SchemaFileDeclaration, VersionDeclaration } from "../parse/declarations.js";
import type { TypeExpression } from "../parse/type-expression.js";
import { containerFieldType } from "../parse/container-types.js";
import { formatTypeExpression } from "../parse/type-expression-model.js";
import { parseCheckExpression } from "./checks.js";
import { fieldsReadByCheck } from "./check-fields.js";
import {
  brokenConstraint,
  noValuePasses,
  narrowConstraints,
  resolveConstraints,
  resolveDefault,
  retypedConstraints,
  retypedScalar,
  valueText,
} from "./constraints.js";
import { isJuliaSubtype, wideningReason } from "./julia-subtypes.js";
import { juliaUnreadable } from "legolas-ts/internal/julia-readable-types";
import { closestNames, suggesting } from "legolas-ts/internal/did-you-mean";
import type { ResolvedCheck, ResolvedField, ResolvedSchemaFile, ResolvedVersion } from "./ir.js";
import { versionNames } from "./names.js";

export interface SchemaFileInput {
  readonly declaration: SchemaFileDeclaration;
  /** Shipped with the package: resolved so others can extend it, but imported, not emitted. */
  readonly external: boolean;
}

interface Declared {
  readonly file: SchemaFileInput;
  readonly version: VersionDeclaration;
}

/**
 * Resolves every file; returns them in input order, or adds diagnostics for what is broken.
 * `unparsed` maps the schemas whose files had parse errors (already reported) to those files: a
 * reference to a version of one that is not declared is not reported as unknown (the errors may
 * be why) but as one error naming the file to fix first, so one run lists every file's own errors;
 * unless the file's keys name its versions and not that one, which is then unknown as anywhere.
 */
/** A schema file with parse errors: its path, and the versions its keys name (absent: any, as some could not be read). */
export interface BrokenFile {
  readonly path: string;
  readonly versions?: readonly number[];
}

export function resolveSchemaFiles(
  inputs: readonly SchemaFileInput[],
  diagnostics: Diagnostics,
  unparsed: ReadonlyMap<string, BrokenFile> = new Map(),
): ResolvedSchemaFile[] {
  return new Resolver(inputs, diagnostics, unparsed).resolveAll();
}

class Resolver {
  readonly #declared = new Map<string, Declared>();
  readonly #resolved = new Map<string, ResolvedVersion | null>();
  readonly #visiting: string[] = [];
  readonly #files = new Map<SchemaFileInput, ResolvedSchemaFile & { versions: ResolvedVersion[] }>();

  constructor(
    private readonly inputs: readonly SchemaFileInput[],
    private readonly diagnostics: Diagnostics,
    private readonly unparsed: ReadonlyMap<string, BrokenFile>,
  ) {
    this.indexFiles();
  }

  resolveAll(): ResolvedSchemaFile[] {
    for (const key of this.#declared.keys()) this.resolveVersion(key, null);
    const files = this.inputs.flatMap((input) => this.#files.get(input) ?? []);
    for (const file of files) file.versions.sort((a, b) => a.version - b.version);
    return files;
  }

  private indexFiles(): void {
    const bySchema = new Map<string, SchemaFileDeclaration>();
    const byPrefix = new Map<string, SchemaFileDeclaration>();
    // The shipped schemas first, so that a clash is reported in the user's file, never in the package's.
    const shippedFirst = [
      ...this.inputs.filter((input) => input.external),
      ...this.inputs.filter((input) => !input.external),
    ];
    for (const input of shippedFirst) {
      const file = input.declaration;
      const expectedName = `${file.schema}.yaml`;
      if (!input.external && basename(file.file) !== expectedName) {
        this.diagnostics.add(
          file.schemaPosition,
          "file-name",
          `schema ${quote(file.schema)} must live in a file named ${quote(expectedName)}`,
        );
      }
      const sameName = bySchema.get(file.schema);
      if (sameName !== undefined) {
        this.diagnostics.add(
          file.schemaPosition,
          "duplicate-schema",
          `schema ${quote(file.schema)} is already declared in ${sameName.file}`,
        );
        continue;
      }
      const samePrefix = byPrefix.get(file.prefix);
      if (samePrefix !== undefined) {
        this.diagnostics.add(
          file.prefixPosition,
          "prefix-clash",
          `prefix ${quote(file.prefix)} is already used by schema ${quote(samePrefix.schema)} (${samePrefix.file}); pick another`,
        );
      }
      bySchema.set(file.schema, file);
      byPrefix.set(file.prefix, file);
      this.#files.set(input, {
        source: file.file,
        schema: file.schema,
        prefix: file.prefix,
        ...(file.doc === undefined ? {} : { doc: file.doc }),
        external: input.external,
        versions: [],
      });
      for (const version of file.versions)
        this.#declared.set(formatSchemaVersionName({ name: file.schema, version: version.version }), {
          file: input,
          version,
        });
    }
  }

  /** The versions declared of `schema`, in order. */
  private versionsOf(schema: string): number[] {
    return [...this.#declared.values()]
      .filter(({ file }) => file.declaration.schema === schema)
      .map(({ version }) => version.version)
      .sort((a, b) => a - b);
  }

  /** Why `name@N` cannot be found, with what exists instead: the schema's versions, or a schema of a close name. */
  private notDeclared(key: string): string {
    const at = key.lastIndexOf("@");
    const name = key.slice(0, at);
    const versions = this.versionsOf(name);
    if (versions.length > 0)
      return `is not declared: ${name} has version${versions.length === 1 ? "" : "s"} ${versions.join(", ")}`;
    const schemas = [...new Set([...this.#declared.values()].map(({ file }) => file.declaration.schema))];
    const close = closestNames(name, schemas).map((schema) => {
      const same = `${schema}${key.slice(at)}`;
      return this.#declared.has(same) ? same : `${schema}@${this.versionsOf(schema).at(-1)}`;
    });
    return `is not declared in any schema file${suggesting(close)}`;
  }

  /**
   * Why `name@version`, not declared, may be missing: the parse errors of its schema's file, in
   * words; `null` when its file had none, or its keys name its versions and not this one.
   */
  private inBrokenFile(name: string, version: number): string | null {
    const file = this.unparsed.get(name);
    if (file === undefined || (file.versions !== undefined && !file.versions.includes(version))) return null;
    return `cannot be read: ${file.path}, the file of schema ${quote(name)}, has errors`;
  }

  /** Resolves `name@N` once; `null` when it is unknown or broken (already reported). */
  private resolveVersion(key: string, referencedAt: SourcePosition | null): ResolvedVersion | null {
    if (this.#resolved.has(key)) return this.#resolved.get(key)!;
    const declared = this.#declared.get(key);
    if (declared === undefined) return null;
    if (this.#visiting.includes(key)) {
      const cycle = [...this.#visiting.slice(this.#visiting.indexOf(key)), key].join(" -> ");
      this.diagnostics.add(referencedAt ?? declared.version.position, "cycle", `${key} depends on itself: ${cycle}`);
      this.#resolved.set(key, null);
      return null;
    }
    this.#visiting.push(key);
    const resolved = this.resolveDeclared(declared);
    this.#visiting.pop();
    this.#resolved.set(key, resolved);
    if (resolved !== null) this.#files.get(declared.file)!.versions.push(resolved);
    return resolved;
  }

  private resolveDeclared({ file: input, version }: Declared): ResolvedVersion | null {
    const file = input.declaration;
    const parent = version.extends === undefined ? null : this.resolveParent(file, version);
    if (parent === undefined) return null;
    const fields = this.inheritFields(parent, version.fields);
    const checks = this.resolveChecks(version, fields);
    const fileIr = this.#files.get(input)!;
    const own = formatSchemaVersionName({ name: file.schema, version: version.version });
    const identifier = parent === null ? own : `${own}>${parent.identifier}`;
    return {
      file: fileIr,
      name: file.schema,
      version: version.version,
      identifier,
      ...(version.doc === undefined ? (file.doc === undefined ? {} : { doc: file.doc }) : { doc: version.doc }),
      position: version.position,
      parent,
      fields,
      checks,
      hasChecks: checks.length > 0 || (parent?.hasChecks ?? false),
      names: versionNames(file.prefix, version.version),
    };
  }

  /** The parent version; `undefined` when it cannot be resolved (reported). */
  private resolveParent(file: SchemaFileDeclaration, version: VersionDeclaration): ResolvedVersion | null | undefined {
    const { identifier, position } = version.extends!;
    let links;
    try {
      links = parseIdentifier(identifier);
    } catch (error) {
      if (!(error instanceof IdentifierError)) throw error;
      // A schema's name without its version: name the version to write when the name is declared.
      const latest = this.versionsOf(identifier).at(-1);
      const example =
        identifier.includes("@") || latest === undefined ? "" : `, such as ${quote(`${identifier}@${latest}`)}`;
      this.diagnostics.add(position, "parent-identifier", `extends ${quote(identifier)}: ${error.reason}${example}`);
      return undefined;
    }
    const [link, ...rest] = links;
    if (rest.length > 0) {
      this.diagnostics.add(
        position,
        "parent-identifier",
        `extends names one parent version such as ${quote(formatSchemaVersionName(link!))}, not a chain`,
      );
      return undefined;
    }
    // A file may say `a@01` or ` a@1 ` (Legolas.jl reads them so); a declaration says it one way.
    const canonical = formatIdentifier(links);
    if (canonical !== identifier) {
      this.diagnostics.add(
        position,
        "parent-identifier",
        `extends ${quote(identifier)}: write it as ${quote(canonical)}`,
      );
      return undefined;
    }
    if (link!.name === file.schema) {
      this.diagnostics.add(
        position,
        "extends-own-schema",
        `${formatSchemaVersionName({ name: file.schema, version: version.version })} cannot extend another version of its own schema (${identifier}); declare the fields again instead`,
      );
      return undefined;
    }
    const key = formatSchemaVersionName(link!);
    if (!this.#declared.has(key)) {
      const own = formatSchemaVersionName({ name: file.schema, version: version.version });
      const broken = this.inBrokenFile(link!.name, link!.version);
      const [rule, why] =
        broken !== null
          ? ["depends-on-errors", `${broken}; once they are fixed, ${own} is checked too`]
          : ["unknown-parent", this.notDeclared(key)];
      this.diagnostics.add(position, rule, `parent ${quote(key)} ${why}`);
      return undefined;
    }
    return this.resolveVersion(key, position) ?? undefined;
  }

  private inheritFields(parent: ResolvedVersion | null, declarations: readonly FieldDeclaration[]): ResolvedField[] {
    const fields: ResolvedField[] = (parent?.fields ?? []).map(({ descriptor, position }) => ({
      descriptor,
      position,
      own: false,
    }));
    const indexOf = new Map(fields.map((field, index) => [field.descriptor.name, index]));
    for (const declaration of declarations) {
      const descriptor = this.resolveField(declaration, true);
      if (descriptor === null) continue;
      const value = this.resolveFieldExpression(declaration);
      const index = indexOf.get(declaration.name);
      if (index === undefined) {
        indexOf.set(declaration.name, fields.length);
        fields.push({ descriptor, position: declaration.position, own: true, ...value });
        continue;
      }
      const narrowed = this.narrow(fields[index]!.descriptor, descriptor, declaration, parent!);
      if (narrowed !== null)
        fields[index] = { descriptor: narrowed, position: declaration.position, own: true, ...value };
    }
    return fields;
  }

  /** A re-declared parent field, narrowed; `null` when the re-declaration widens or changes it. */
  private narrow(
    inherited: DeclaredFieldDescriptor,
    redeclared: DeclaredFieldDescriptor,
    declaration: FieldDeclaration,
    parent: ResolvedVersion,
  ): DeclaredFieldDescriptor | null {
    const what = `field ${quote(declaration.name)} re-declares ${formatSchemaVersionName(parent)}'s`;
    const parentType = formatFieldType(inherited.type);
    const childType = formatFieldType(redeclared.type);
    // Julia's `Any` is every type's supertype: a child may narrow it to any type (optional or not).
    // Still computed by the parent's expression, which the child's conversion starts from.
    if (inherited.type.kind === "any") return inherited.computed ? { ...redeclared, computed: true } : redeclared;
    const narrowsType = isJuliaSubtype(redeclared.type, inherited.type);
    if (parentType !== childType && !narrowsType) {
      this.diagnostics.add(
        declaration.typePosition,
        "narrowing",
        `${what} ${parentType} as ${childType}; ${wideningReason(inherited.type, redeclared.type)}`,
      );
      return null;
    }
    if (redeclared.optional && !inherited.optional) {
      this.diagnostics.add(
        declaration.typePosition,
        "narrowing",
        `${what} required field as optional; a re-declared field may only narrow`,
      );
      return null;
    }
    const { merged, widened } = narrowConstraints(inherited.constraints, redeclared.constraints);
    for (const reason of widened)
      this.diagnostics.add(declaration.position, "narrowing", `${what} constraints: ${reason}`);
    if (widened.length > 0) return null;
    const constraints = narrowsType ? retypedConstraints(merged, redeclared.type) : merged;
    // The parent's conversion runs first and takes its default (Legolas.jl applies the parent's
    // `coalesce(x, 1)` before the child's), so another default here would never be taken. The
    // same default in the child's type (integer 1 as int64 1n, real 0.1 as float32) is no other.
    if (
      inherited.default !== undefined &&
      redeclared.default !== undefined &&
      !Object.is(
        narrowsType ? retypedScalar(inherited.default, redeclared.type) : inherited.default,
        redeclared.default,
      )
    ) {
      this.diagnostics.add(
        declaration.default?.position ?? declaration.position,
        "narrowing",
        `${what} default ${quote(String(inherited.default))} as ${quote(String(redeclared.default))}; the parent's conversion runs first and takes its default, as Legolas.jl runs the parent's coalesce before the child's, so this one would never be taken: leave the default out here (the parent's stays)`,
      );
      return null;
    }
    // A parent's required field is never missing after the parent's conversion (Legolas.jl's
    // parent constructor throws on a missing one, before the child's `coalesce(x, 5)` runs).
    if (inherited.default === undefined && redeclared.default !== undefined && !inherited.optional) {
      this.diagnostics.add(
        declaration.default?.position ?? declaration.position,
        "narrowing",
        `${what} required field with a default ${quote(String(redeclared.default))}; the parent's conversion runs first and refuses a missing value, as Legolas.jl's parent constructor throws before the child's coalesce runs, so this default would never be taken: leave it out here, or make the parent's field optional (${parentType}?)`,
      );
      return null;
    }
    const defaultValue = redeclared.default ?? inherited.default;
    // Each declaration's constraints may hold apart and still leave nothing together.
    const [empty = null] = noValuePasses(constraints);
    const broken = defaultValue === undefined ? null : brokenConstraint(defaultValue, constraints, redeclared.type);
    if (empty !== null)
      this.diagnostics.add(
        declaration.position,
        "narrowing",
        `${what} constraints: together, ${empty}, so no value passes`,
      );
    else if (broken !== null)
      this.diagnostics.add(
        declaration.position,
        "default-type",
        `field ${quote(declaration.name)}: default ${valueText(defaultValue)} breaks the field's constraint ${broken} (its own and ${formatSchemaVersionName(parent)}'s together)`,
      );
    if (empty !== null || broken !== null) return null;
    const docAndDefault = {
      ...((redeclared.doc ?? inherited.doc) === undefined ? {} : { doc: (redeclared.doc ?? inherited.doc)! }),
      ...(defaultValue === undefined ? {} : { default: defaultValue }),
    };
    const input = redeclared.input ?? inherited.input;
    return {
      name: inherited.name,
      type: narrowsType ? redeclared.type : inherited.type,
      optional: redeclared.optional,
      constraints,
      ...docAndDefault,
      ...(redeclared.computed || inherited.computed ? { computed: true } : {}),
      ...(input === undefined ? {} : { input }),
    };
  }

  /** A field of a version (`topLevel`) or of an inline struct; `null` when broken (reported). */
  private resolveField(declaration: FieldDeclaration, topLevel = false): DeclaredFieldDescriptor | null {
    const type = this.resolveType(declaration.type, declaration);
    if (type === null) return null;
    const typedByWrite = type.kind === "any" || (type.kind === "vector" && type.element.kind === "any");
    if (!topLevel && (typedByWrite || declaration.value !== undefined || declaration.input !== undefined)) {
      const what = typedByWrite
        ? `type ${formatFieldType(type)}`
        : declaration.value !== undefined
          ? '"value:"'
          : '"input:"';
      this.diagnostics.add(
        declaration.typePosition,
        "field-expression",
        `field ${quote(declaration.name)}: ${what} is for a schema version's own fields, not a struct's; declare the struct's field as a field of the version`,
      );
      return null;
    }
    const unreadable = juliaUnreadable(type, topLevel ? "version" : "struct");
    if (unreadable !== null) {
      this.diagnostics.add(
        declaration.typePosition,
        "julia-unreadable",
        `field ${quote(declaration.name)}: ${unreadable}`,
      );
      return null;
    }
    if (declaration.input !== undefined && declaration.value === undefined) {
      this.diagnostics.add(
        declaration.input.position,
        "field-expression",
        `field ${quote(declaration.name)}: "input: any" needs a "value:" expression that makes the input its type, ${formatFieldType(type)}`,
      );
      return null;
    }
    const constraints = resolveConstraints(declaration.name, type, declaration.constraints, this.diagnostics);
    let defaultValue;
    if (declaration.default !== undefined) {
      defaultValue = resolveDefault(declaration.name, type, declaration.default, this.diagnostics);
      const broken = defaultValue === undefined ? null : brokenConstraint(defaultValue, constraints, type);
      if (broken !== null) {
        this.diagnostics.add(
          declaration.default.position,
          "default-type",
          `field ${quote(declaration.name)}: default ${valueText(defaultValue)} breaks the field's own constraint ${broken}`,
        );
      }
    }
    return {
      name: declaration.name,
      type,
      // Julia's `Any` holds `missing` too: an `any` field is always optional.
      optional: declaration.optional || type.kind === "any",
      constraints,
      ...(defaultValue === undefined ? {} : { default: defaultValue }),
      ...(declaration.doc === undefined ? {} : { doc: declaration.doc }),
      ...(declaration.value === undefined ? {} : { computed: true }),
      ...(declaration.input === undefined ? {} : { input: declaration.input.type }),
    };
  }

  /** A field's `value:` expression, parsed in the row-check language; none when absent or refused (reported). */
  private resolveFieldExpression(declaration: FieldDeclaration): Pick<ResolvedField, "value"> {
    const { value } = declaration;
    if (value === undefined) return {};
    const parsed = parseCheckExpression(value.text);
    if ("problem" in parsed) {
      const at =
        value.textPosition === undefined || parsed.offset === undefined
          ? value.position
          : { ...value.textPosition, col: value.textPosition.col + parsed.offset };
      this.diagnostics.add(
        at,
        "field-expression",
        `field ${quote(declaration.name)}: value ${quote(value.text)}: ${parsed.problem}`,
      );
      return {};
    }
    return { value: { expression: parsed.expression, source: value.text, position: value.position } };
  }

  /**
   * `any` is a field's type only: a container of it (Julia's `AbstractVector`, `Vector{Any}`) would
   * need its elements' Arrow type inferred inside the container, which writes do not do.
   */
  private anyInside(expression: TypeExpression, declaration: FieldDeclaration): null {
    const written = formatTypeExpression(expression);
    this.diagnostics.add(
      declaration.typePosition,
      "unknown-type",
      expression.kind === "container" && expression.container === "vector"
        ? `field ${quote(declaration.name)}: vector<any> (Julia's bare AbstractVector) is a field's own type, no part of another; ` +
            "declare the field itself any (its values keep their Arrow type, and a row check may hold them to the container)"
        : expression === declaration.type && expression.kind === "list"
          ? // Legolas.jl's accepted_field_type widens a field's Vector{Any} to AbstractVector{<:Any}: any List, as vector<any> reads.
            `field ${quote(declaration.name)}: list<any> is not a type; Julia's Vector{Any} field (and a bare AbstractVector or Vector) ` +
            "is vector<any>, which reads every List column, as Legolas.jl accepts any List for a Vector{Any} field"
          : `field ${quote(declaration.name)}: ${written} is not a type; declare the field itself any (its values keep their Arrow type, ` +
            "and a row check may hold them to the container); Julia's AbstractVector or Vector without an element type is vector<any>",
    );
    return null;
  }

  private resolveType(expression: TypeExpression, declaration: FieldDeclaration): DeclaredFieldType | null {
    switch (expression.kind) {
      case "plain":
        return expression.type;
      case "list": {
        const element = this.resolveType(expression.element, declaration);
        if (element?.kind === "any") return this.anyInside(expression, declaration);
        return element === null ? null : { kind: "list", element };
      }
      case "container": {
        const parts = expression.parts.map((part) => this.resolveType(part, declaration));
        if (parts.includes(null)) return null;
        // Julia's bare AbstractVector (and Vector, which Arrow.jl reads from the same List columns):
        // vector<any>, a field's own type (a write types it from its values, as an any column).
        const bareVector =
          expression === declaration.type && expression.container === "vector" && parts[0]?.kind === "any";
        if (!bareVector && parts.some((part) => part?.kind === "any")) return this.anyInside(expression, declaration);
        const type = containerFieldType(expression, parts as DeclaredFieldType[]);
        if (typeof type !== "string") return type;
        this.diagnostics.add(declaration.typePosition, "unknown-type", `field ${quote(declaration.name)}: ${type}`);
        return null;
      }
      case "struct": {
        const fields = (declaration.structFields ?? []).map((field) => this.resolveField(field));
        if (fields.some((field) => field === null)) return null;
        return { kind: "struct", fields: fields as DeclaredFieldDescriptor[] };
      }
      case "record": {
        if (!this.#declared.has(expression.identifier)) {
          const at = expression.identifier.lastIndexOf("@");
          const broken = this.inBrokenFile(
            expression.identifier.slice(0, at),
            Number(expression.identifier.slice(at + 1)),
          );
          if (broken !== null) {
            this.diagnostics.add(
              declaration.typePosition,
              "depends-on-errors",
              `field ${quote(declaration.name)}: record type ${quote(expression.identifier)} ${broken}; once they are fixed, the field is checked too`,
            );
            return null;
          }
          this.diagnostics.add(
            declaration.typePosition,
            "unknown-type",
            `field ${quote(declaration.name)}: record type ${quote(expression.identifier)} ${this.notDeclared(expression.identifier)}`,
          );
          return null;
        }
        return this.resolveVersion(expression.identifier, declaration.typePosition) === null
          ? null
          : { kind: "record", identifier: expression.identifier };
      }
    }
  }

  private resolveChecks(version: VersionDeclaration, fields: readonly ResolvedField[]): ResolvedCheck[] {
    const fieldNames = fields.map((field) => field.descriptor.name);
    return version.checks.flatMap((check) => {
      const parsed = parseCheckExpression(check.check);
      if ("problem" in parsed) {
        // Point at the refused construct itself when the check's text stands verbatim in the file.
        const { textPosition: text } = check;
        const at =
          text === undefined || parsed.offset === undefined
            ? check.position
            : { ...text, col: text.col + parsed.offset };
        this.diagnostics.add(at, "check-expression", `check ${quote(check.check)}: ${parsed.problem}`);
        return [];
      }
      return [
        {
          expression: parsed.expression,
          source: check.check,
          message: check.message,
          position: check.position,
          fields: fieldsReadByCheck(parsed.expression, fieldNames),
        },
      ];
    });
  }
}
