/**
 * Parse: one YAML schema file's text to its declarations, keeping the position of every part.
 * Checks only what one file can tell by itself (shape, names, type syntax); whatever needs other
 * files (parents, records, narrowing) is the resolve stage's job.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from "yaml";
import { isWellFormedText } from "legolas-ts/internal/convert";
import type { SourcePosition } from "../errors.js";
import { fieldNameProblem, structChildNameProblem } from "legolas-ts/internal/field-names";
import { isSchemaVersionText, isValidSchemaName } from "legolas-ts/internal/identifier";
import { quote, type Diagnostics } from "../diagnostics.js";
import { didYouMean } from "legolas-ts/internal/did-you-mean";
import type {
  CheckDeclaration,
  ConstraintDeclaration,
  ConstraintKey,
  ExpressionDeclaration,
  FieldDeclaration,
  SchemaFileDeclaration,
  ValueDeclaration,
  VersionDeclaration,
} from "./declarations.js";
import { parseTypeText, TypeSyntaxError } from "./type-expression.js";
import { keyWithoutColon } from "./yaml-syntax-hints.js";
import { readYamlFile, unquotedReading, unquotedScalar, type YamlFile } from "./yaml-document.js";

const FILE_KEYS = ["schema", "prefix", "doc", "versions"];
const VERSION_KEYS = ["extends", "fields", "checks", "doc"];
const CONSTRAINT_KEYS: readonly ConstraintKey[] = [
  "min",
  "max",
  "pattern",
  "values",
  "length",
  "min_length",
  "max_length",
];
const FIELD_KEYS = ["type", "doc", "default", "value", "input", "fields", ...CONSTRAINT_KEYS];
/** Keys of other schema languages (JSON Schema, OpenAPI) whose meaning a field says in its own way: what to write. */
const FIELD_KEY_HINTS: Readonly<Record<string, string>> = {
  optional: 'a field is optional when its type ends in "?" (type: string?)',
  required: 'a field is required unless its type ends in "?" (type: string?)',
  nullable: 'a field may be missing (null) when its type ends in "?" (type: string?)',
  enum: "list the allowed values with values: [a, b]",
  minimum: "write a lower bound as min: (min: 0, inclusive)",
  maximum: "write an upper bound as max: (max: 1, inclusive)",
  minItems: "write a list's least length as min_length: (min_length: 1)",
  maxItems: "write a list's greatest length as max_length: (max_length: 10)",
  description: "write a field's text as doc: (doc: what the field holds)",
};
/** What a field's key of another schema language means here, by {@link FIELD_KEY_HINTS}. */
function fieldKeyHint(key: string): string | undefined {
  return Object.hasOwn(FIELD_KEY_HINTS, key) ? FIELD_KEY_HINTS[key] : undefined;
}

/**
 * A version's key that reads as a field (`run_id: string`, or a mapping with a `type:`): the
 * `fields:` level left out, a newcomer's slip that "allowed: extends, fields, ..." alone does not
 * explain. A key that misspells a version's key (`extend: base@1`, whose value is a record's type
 * too) is left to its did-you-mean.
 */
function versionKeyHint(key: string, value: unknown): string | undefined {
  if (didYouMean(key, VERSION_KEYS) !== "") return undefined;
  const readsAsField = isScalar(value)
    ? typeof value.value === "string" && isTypeText(value.value)
    : isMap(value) && value.has("type");
  return readsAsField
    ? `it reads as a field, and a version's fields go under fields: (write fields: on its own line, then ${key}: indented below it)`
    : undefined;
}

/** Whether `text` is a type as a field's short form writes it (`string`, `int64?`, `base@1`). */
function isTypeText(text: string): boolean {
  try {
    parseTypeText(text);
    return true;
  } catch (error) {
    if (error instanceof TypeSyntaxError) return false;
    throw error;
  }
}

const CHECK_KEYS = ["check", "message"];
/** YAML 1.1's merge key, which YAML 1.2 (and so the yaml package, as configured) reads as a plain key. */
const MERGE_KEY = "<<";
const PREFIX = /^[A-Z][A-Za-z0-9]*$/;
/** Legolas allows `.` and `..` as schema names; a name that is also a file name may not be one (or start with `.` or `-`). */
const FILE_NAME_START = /^[a-z0-9]/;
/** Names whose generated file TypeScript or the generator itself reads otherwise: `index.ts`, `*.d.ts`. */
const RESERVED_FILE_NAME = /^index$|\.d$/;

/** A key that is no scalar (YAML's `? [a, b]` or `? {a: 1}`), as a message names it. */
function keyKind(key: Node): string {
  return isSeq(key) ? "written as a list" : isMap(key) ? "written as a mapping" : "written as an alias";
}

/**
 * What to say of a version key written as Legolas writes a version but quoted or tagged (`"1":`,
 * `!!str 1:`, `!!int "1":`): a version is a plain number, so write it without them; `null` for
 * any other key.
 */
function textVersionKey(key: Scalar): string | null {
  const written = String(key.value);
  const tag = key.tag?.replace(/^tag:yaml\.org,2002:/, "!!");
  const quoted = key.type !== "PLAIN";
  if (!isSchemaVersionText(written) || (!quoted && tag === undefined)) return null;
  const how = [tag === undefined ? null : `tagged ${tag}`, quoted ? "quoted" : null].filter((part) => part !== null);
  const without = [tag === undefined ? null : "the tag", quoted ? "quotes" : null].filter((part) => part !== null);
  return typeof key.value === "string"
    ? `version ${quote(written)} is ${how.join(" and ")}, which makes it text; a version is a number: write ${written}: without ${without.join(" and ")}`
    : `version ${quote(written)} is ${how.join(" and ")}; a version is a plain number: write ${written}: without ${without.join(" and ")}`;
}

/**
 * Parses one schema file; returns `null` (with diagnostics added) when it cannot be understood,
 * and a declaration with `errors` set when it was understood in part.
 */
export function parseSchemaFile(file: string, text: string, diagnostics: Diagnostics): SchemaFileDeclaration | null {
  const start = diagnostics.count;
  const yaml = readYamlFile(file, text, diagnostics);
  if (yaml === null) return null;
  const { root } = yaml;
  if (!isMap(root)) {
    // An empty file (a save cut short, a checkout that wrote nothing) is said to be one.
    const empty = root === null || (isScalar(root) && root.value === null);
    diagnostics.add(
      yaml.at(root),
      "file-shape",
      `${empty ? "the file holds no YAML value (it is empty, or only comments); " : ""}a schema file is a mapping with the keys schema, prefix, versions (and doc)`,
    );
    return null;
  }
  return new NodeReader(yaml, diagnostics).file(file, root, start);
}

/** Reads YAML nodes into declarations, reporting what does not fit. */
class NodeReader {
  constructor(
    private readonly yaml: YamlFile,
    private readonly diagnostics: Diagnostics,
  ) {}

  /** The version numbers the keys of `versions` name; `null` once one cannot be read as a number. */
  #versionsWritten: number[] | null = [];

  private at(node: Node | null | undefined): SourcePosition {
    return this.yaml.at(node);
  }

  /** The file's declaration; `start` is the count of diagnostics before its YAML was read. */
  file(file: string, root: YAMLMap, start: number): SchemaFileDeclaration | null {
    const entries = this.entries(root, FILE_KEYS, "schema file");
    const schemaNode = entries.get("schema");
    const prefixNode = entries.get("prefix");
    const versionsNode = entries.get("versions");
    const schema = this.requiredString(root, schemaNode, "schema");
    const prefix = this.requiredString(root, prefixNode, "prefix");
    if (schema !== null && !isValidSchemaName(schema)) {
      this.report(
        schemaNode,
        "schema-name",
        `schema name ${quote(schema)} may only contain lower-case letters, digits, "." and "-"`,
      );
    } else if (schema !== null && !FILE_NAME_START.test(schema)) {
      this.report(
        schemaNode,
        "schema-name",
        `schema name ${quote(schema)} must start with a lower-case letter or digit: it names the files ${schema}.yaml and ${schema}.ts`,
      );
    } else if (schema !== null && RESERVED_FILE_NAME.test(schema)) {
      this.report(
        schemaNode,
        "schema-name",
        `schema name ${quote(schema)} cannot name a generated file: ${schema}.ts would be ${schema === "index" ? "the folder's index.ts, which re-exports every schema" : "a TypeScript declaration file"}; pick another name`,
      );
    }
    if (prefix !== null && !PREFIX.test(prefix)) {
      this.report(
        prefixNode,
        "prefix",
        `prefix ${quote(prefix)} must be a PascalCase TypeScript name (A-Z, then letters and digits)`,
      );
    }
    if (versionsNode === undefined) this.report(root, "file-shape", 'a schema file needs "versions"');
    const beforeVersions = this.diagnostics.count;
    const versions = versionsNode === undefined ? [] : this.versions(versionsNode);
    const inVersions = this.diagnostics.count - beforeVersions;
    const doc = this.optionalString(entries.get("doc"), "doc");
    if (schema === null || prefix === null) return null;
    const outside = this.diagnostics.count - start - inVersions;
    const errors = outside > 0 ? "file" : inVersions > 0 ? "versions" : undefined;
    const written = errors === "versions" ? this.#versionsWritten : null;
    return {
      file,
      schema,
      schemaPosition: this.at(schemaNode),
      prefix,
      prefixPosition: this.at(prefixNode),
      ...doc,
      versions,
      ...(errors === undefined ? {} : { errors }),
      ...(written === null ? {} : { versionsWritten: written }),
    };
  }

  private versions(node: Node): VersionDeclaration[] {
    if (!isMap(node) || node.items.length === 0) {
      this.#versionsWritten = null;
      this.report(node, "file-shape", 'versions is a mapping from version number to its declaration, e.g. "1:"');
      return [];
    }
    const versions: VersionDeclaration[] = [];
    for (const pair of node.items) {
      const key = pair.key as Node;
      // A merge key's versions are not read: they may be any.
      if (this.isMergeKey(key, "versions")) {
        this.#versionsWritten = null;
        continue;
      }
      const value = isScalar(key) ? key.value : undefined;
      // YAML reads `0x1`, `+1`, `01`, `1.0` and `1e0` as the number 1; a version is written as Legolas writes it.
      const text = isScalar(key) && key.type === "PLAIN" ? key.source : undefined;
      if (typeof value !== "number" || text === undefined || !isSchemaVersionText(text)) {
        // Integers beyond 2^53 are read as bigints (yaml-document.ts).
        const tooLarge = typeof value === "bigint" && /^[1-9][0-9]*$/.test(text ?? "");
        // `"1":` and `!!str 1:` are the text "1" to YAML (an editor's JSON Schema, whose keys are all text, cannot tell);
        // `!!int "1":` is the number, in quotes.
        const asText = isScalar(key) ? textVersionKey(key) : null;
        this.#versionsWritten = null;
        this.report(
          key,
          "version-number",
          tooLarge
            ? `version ${quote(text)} is larger than ${Number.MAX_SAFE_INTEGER}, the largest a JavaScript number holds exactly`
            : asText !== null
              ? asText
              : `version ${isScalar(key) ? quote(text ?? key.value) : `key ${keyKind(key)}`} must be a non-negative integer in decimal digits, such as 1`,
        );
        continue;
      }
      this.#versionsWritten?.push(value);
      const version = this.version(value, key, pair.value as Node | null);
      if (version !== null) versions.push(version);
    }
    return versions;
  }

  private version(version: number, key: Node, node: Node | null): VersionDeclaration | null {
    if (node === null || (isScalar(node) && node.value === null)) {
      return { version, position: this.at(key), fields: [], checks: [] };
    }
    if (!isMap(node)) {
      this.report(node, "version-shape", `version ${version} is a mapping with the keys ${VERSION_KEYS.join(", ")}`);
      return null;
    }
    const entries = this.entries(node, VERSION_KEYS, `version ${version}`, versionKeyHint);
    const extendsNode = entries.get("extends");
    const parent = extendsNode === undefined ? null : this.requiredString(node, extendsNode, "extends");
    const fieldsNode = entries.get("fields");
    const checksNode = entries.get("checks");
    return {
      version,
      position: this.at(key),
      ...this.optionalString(entries.get("doc"), "doc"),
      ...(parent === null ? {} : { extends: { identifier: parent, position: this.at(extendsNode) } }),
      fields: fieldsNode === undefined ? [] : this.fields(fieldsNode, fieldNameProblem),
      checks: checksNode === undefined ? [] : this.checks(checksNode),
    };
  }

  /** `nameProblem`: the rule of a version's field names, or of a struct's children, which may start with `_`. */
  private fields(node: Node, nameProblem: (name: string) => string | null): FieldDeclaration[] {
    if (isScalar(node) && node.value === null) return [];
    if (!isMap(node)) {
      const text = isScalar(node) && typeof node.value === "string" ? node.value : null;
      const unmarked = text === null ? null : keyWithoutColon(text);
      this.report(
        node,
        "fields-shape",
        "fields is a mapping from field name to its type (or to a mapping with type, doc, default, constraints)" +
          (unmarked === null
            ? ""
            : `; YAML reads ${quote(text)} as one text, no field: write ${unmarked.key}: ${unmarked.value} (a colon and a space after the name)`),
      );
      return [];
    }
    return node.items.flatMap((pair) => {
      const field = this.field(pair, nameProblem);
      return field === null ? [] : [field];
    });
  }

  private field(pair: Pair, nameProblem: (name: string) => string | null): FieldDeclaration | null {
    const keyNode = pair.key as Node;
    if (this.isMergeKey(keyNode, "fields")) return null;
    const name = isScalar(keyNode) ? keyNode.value : undefined;
    if (typeof name !== "string") {
      // `True:`, `Null:` or `1e3:` as written: what is wrong with it as a name, else that YAML did not read it as one.
      const written = isScalar(keyNode) && keyNode.type === "PLAIN" ? (keyNode.source ?? "") : "";
      const problem = written === "" ? null : nameProblem(written);
      this.report(
        keyNode,
        "field-name",
        written === ""
          ? isScalar(keyNode) && keyNode.value === null
            ? "a field name is missing: nothing is written before the colon"
            : `field name ${isScalar(keyNode) ? quote(keyNode.value) : keyKind(keyNode)} must be a string`
          : problem !== null
            ? `field name ${quote(written)} ${problem}`
            : `field name ${quote(written)} must be text${unquotedReading(keyNode)}`,
      );
      return null;
    }
    const problem = nameProblem(name);
    if (problem !== null) {
      this.report(keyNode, "field-name", `field name ${quote(name)} ${problem}`);
      return null;
    }
    const valueNode = pair.value as Node | null;
    if (isScalar(valueNode)) return this.typedField(name, keyNode, valueNode, valueNode, []);
    if (!isMap(valueNode)) {
      this.report(
        valueNode ?? keyNode,
        "field-shape",
        `field ${quote(name)} needs a type: "${name}: int64" or a mapping with "type:"`,
      );
      return null;
    }
    const entries = this.entries(valueNode, FIELD_KEYS, `field ${quote(name)}`, fieldKeyHint);
    const typeNode = entries.get("type");
    if (typeNode === undefined || !isScalar(typeNode)) {
      this.report(typeNode ?? valueNode, "field-shape", `field ${quote(name)} needs "type:" with a type name`);
      return null;
    }
    const constraints: ConstraintDeclaration[] = CONSTRAINT_KEYS.flatMap((key) => {
      const constraintNode = entries.get(key);
      if (constraintNode === undefined) return [];
      const items = isSeq(constraintNode) ? (constraintNode.items as Node[]) : [constraintNode];
      const readings = items.map(unquotedScalar);
      return [
        {
          key,
          value: this.yaml.value(constraintNode),
          position: this.at(constraintNode),
          ...(readings.some((reading) => reading !== null) ? { readings } : {}),
        },
      ];
    });
    const field = this.typedField(name, keyNode, typeNode, valueNode, constraints, entries.get("fields"));
    if (field === null) return null;
    const defaultNode = entries.get("default");
    return {
      ...field,
      ...this.optionalString(entries.get("doc"), "doc"),
      ...(defaultNode === undefined ? {} : { default: this.valueDeclaration(defaultNode) }),
      ...this.fieldExpression(valueNode, entries.get("value")),
      ...this.fieldInput(name, entries.get("input")),
    };
  }

  /** A default as written: its value, and what YAML made of it when that is no text. */
  private valueDeclaration(node: Node): ValueDeclaration {
    const reading = unquotedScalar(node);
    return { value: this.yaml.value(node), position: this.at(node), ...(reading === null ? {} : { reading }) };
  }

  /** `value:`, a field's right-hand side: a non-empty string (the resolver parses it). */
  private fieldExpression(field: Node, node: Node | undefined): { value?: ExpressionDeclaration } {
    if (node === undefined) return {};
    const text = this.requiredString(field, node, "value");
    if (text === null) return {};
    const textPosition = this.yaml.verbatimStart(node);
    return { value: { text, position: this.at(node), ...(textPosition === undefined ? {} : { textPosition }) } };
  }

  /** `input: any`, the only input type a field may declare wider than its own (so far). */
  private fieldInput(name: string, node: Node | undefined): Pick<FieldDeclaration, "input"> {
    if (node === undefined) return {};
    if (!isScalar(node) || node.value !== "any") {
      this.report(
        node,
        "field-input",
        `field ${quote(name)}: "input:" may only be any (the field then accepts any value, which its "value:" expression makes its type)`,
      );
      return {};
    }
    return { input: { type: "any", position: this.at(node) } };
  }

  private typedField(
    name: string,
    keyNode: Node,
    typeNode: Node,
    fieldNode: Node,
    constraints: ConstraintDeclaration[],
    structNode?: Node,
  ): FieldDeclaration | null {
    const typeText = isScalar(typeNode) ? typeNode.value : undefined;
    if (typeof typeText !== "string") {
      this.report(
        typeNode,
        "unknown-type",
        `field ${quote(name)}: the type must be a name such as int64, found ${quote(typeText)}`,
      );
      return null;
    }
    let parsed;
    try {
      parsed = parseTypeText(typeText);
    } catch (error) {
      if (!(error instanceof TypeSyntaxError)) throw error;
      this.report(typeNode, error.rule, `field ${quote(name)}: ${error.message}`);
      return null;
    }
    const wantsFields =
      parsed.type.kind === "struct" || (parsed.type.kind === "list" && parsed.type.element.kind === "struct");
    if (wantsFields !== (structNode !== undefined)) {
      this.report(
        structNode ?? fieldNode,
        "struct-fields",
        wantsFields
          ? `field ${quote(name)} is a struct: give its "fields:"`
          : `field ${quote(name)} has "fields:" but its type ${quote(typeText)} is not a struct`,
      );
      return null;
    }
    return {
      name,
      position: this.at(keyNode),
      type: parsed.type,
      typePosition: this.at(typeNode),
      optional: parsed.optional,
      constraints,
      ...(structNode === undefined ? {} : { structFields: this.fields(structNode, structChildNameProblem) }),
    };
  }

  private checks(node: Node): CheckDeclaration[] {
    if (!isSeq(node)) {
      this.report(node, "checks-shape", 'checks is a list of "- check: <expression>" with a "message:"');
      return [];
    }
    return node.items.flatMap((item) => {
      const itemNode = item as Node;
      if (!isMap(itemNode)) {
        this.report(
          itemNode,
          "checks-shape",
          'each check is a mapping with "check:" (a TypeScript expression over row) and "message:"',
        );
        return [];
      }
      const entries = this.entries(itemNode, CHECK_KEYS, "check");
      const check = this.requiredString(itemNode, entries.get("check"), "check");
      const message = this.requiredString(itemNode, entries.get("message"), "message");
      if (check === null || message === null) return [];
      const checkNode = entries.get("check");
      const textPosition = this.yaml.verbatimStart(checkNode);
      return [
        { check, message, position: this.at(checkNode), ...(textPosition === undefined ? {} : { textPosition }) },
      ];
    });
  }

  /** The map's values by key, reporting keys that are not allowed here (with what to write instead, when `hint` knows, else a key they may misspell). */
  private entries(
    map: YAMLMap,
    allowed: readonly string[],
    what: string,
    hint: (key: string, value: unknown) => string | undefined = () => undefined,
  ): Map<string, Node> {
    const entries = new Map<string, Node>();
    for (const pair of map.items) {
      const keyNode = pair.key as Node;
      const key = isScalar(keyNode) ? keyNode.value : undefined;
      if (this.isMergeKey(keyNode, what)) continue;
      if (typeof key !== "string" || !allowed.includes(key)) {
        // A key YAML read as no text (`True:`, `1e3:`) is named as written; no allowed key is such
        // text, so quoting it would only make another unknown key.
        const written = isScalar(keyNode) && typeof key !== "string" ? (keyNode.source ?? String(key)) : key;
        const hinted = typeof written === "string" ? hint(written, pair.value) : undefined;
        const said =
          typeof written !== "string" ? "" : hinted !== undefined ? `; ${hinted}` : didYouMean(written, allowed);
        this.report(
          keyNode,
          "unknown-key",
          `${what}: unknown key ${isScalar(keyNode) ? quote(written) : keyKind(keyNode)}${said}; allowed: ${allowed.join(", ")}`,
        );
        continue;
      }
      entries.set(key, (pair.value as Node | null) ?? keyNode);
    }
    return entries;
  }

  /**
   * Whether `key` is YAML 1.1's merge key, which is then reported: a user who merges an anchored
   * mapping (a version's fields into the next) must hear that nothing was merged, not that `<<`
   * is no field name or version number.
   */
  private isMergeKey(key: Node, what: string): boolean {
    if (!isScalar(key) || key.value !== MERGE_KEY) return false;
    this.report(
      key,
      "unknown-key",
      `${what}: merge keys (<<) are not read: schema files are YAML 1.2, where << is an ordinary key; write the keys out (an alias such as *name may stand for a whole value)`,
    );
    return true;
  }

  private requiredString(parent: Node, node: Node | undefined, key: string): string | null {
    if (node === undefined) {
      this.report(parent, "missing-key", `"${key}" is required here`);
      return null;
    }
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value !== "string" || value.length === 0) {
      // `extends: null` (or `~`) means no parent: the key left out says so, quoting would name a schema "null".
      const hint =
        key === "extends" && isScalar(node) && node.value === null
          ? "; leave extends out for a version without a parent"
          : unquotedReading(node);
      this.report(node, "wrong-value", `"${key}" must be a non-empty string${hint}`);
      return null;
    }
    return value;
  }

  private optionalString(node: Node | undefined, key: "doc"): { doc?: string } {
    if (node === undefined) return {};
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value !== "string" || !isWellFormedText(value)) {
      this.report(node, "wrong-value", `"${key}" must be a string of well-formed Unicode${unquotedReading(node)}`);
      return {};
    }
    return { [key]: value };
  }

  private report(node: Node | null | undefined, rule: string, message: string): void {
    this.diagnostics.add(this.at(node), rule, message);
  }
}
