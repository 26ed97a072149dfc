// The generator benchmark's baseline, "the limit": the same job as `legolas generate` (read the
// YAML folder, parse it, resolve parents across files, print one TypeScript module per schema
// with the same parts - Fields and Input interfaces, converter, straight-line validator, row
// class, descriptor - and write them) done with template strings: no ts-morph, no AST, no
// declaration checks, no atomic writes. Plain JavaScript so that it runs as a cold child process
// (`node bench/generator/template-generate.mjs <schemas> <out> [--check]`) and in-process alike.
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const TS = {
  bool: "boolean",
  int32: "number",
  int64: "bigint",
  uint8: "number",
  string: "string",
  float32: "number",
  float64: "number",
};
const TEST = {
  bool: (v) => `typeof ${v} === "boolean"`,
  int32: (v) => `typeof ${v} === "number" && Number.isInteger(${v}) && ${v} >= -2147483648 && ${v} <= 2147483647`,
  int64: (v) => `isInt64(${v})`,
  uint8: (v) => `typeof ${v} === "number" && Number.isInteger(${v}) && ${v} >= 0 && ${v} <= 255`,
  string: (v) => `typeof ${v} === "string"`,
  float32: (v) => `typeof ${v} === "number"`,
  float64: (v) => `typeof ${v} === "number"`,
};

function field(name, spec) {
  const long = typeof spec === "object" && spec !== null ? spec : { type: spec };
  const optional = long.type.endsWith("?");
  return { name, optional, ...long, type: optional ? long.type.slice(0, -1) : long.type };
}

function tsType(f) {
  const list = /^list<(.*)>$/.exec(f.type);
  const base = list ? `${TS[list[1]]}[]` : TS[f.type];
  return f.optional ? `${base} | null` : base;
}

function checks(f, v, path, cs) {
  const list = /^list<(.*)>$/.exec(f.type);
  const lines = [];
  const expected = f.type;
  lines.push(
    `      if (!(${list ? `Array.isArray(${v})` : TEST[f.type](v)})) out.push(incorrectType(${path}, ${JSON.stringify(expected)}, ${v}));`,
  );
  const more = [];
  if (f.min !== undefined)
    more.push(`        if (!(${v} >= ${f.min})) out.push(constraintViolated(${path}, ">= ${f.min}", ${v}));`);
  if (f.max !== undefined)
    more.push(`        if (!(${v} <= ${f.max})) out.push(constraintViolated(${path}, "<= ${f.max}", ${v}));`);
  if (f.pattern !== undefined) {
    cs.push(`new RegExp(${JSON.stringify(f.pattern)}, "u")`);
    more.push(
      `        if (!C${cs.length - 1}.test(${v})) out.push(constraintViolated(${path}, ${JSON.stringify(`a match of /${f.pattern}/`)}, ${v}));`,
    );
  }
  if (f.values !== undefined) {
    cs.push(`new Set<unknown>(${JSON.stringify(f.values)})`);
    more.push(
      `        if (!C${cs.length - 1}.has(${v})) out.push(constraintViolated(${path}, ${JSON.stringify(`one of ${f.values.map((x) => JSON.stringify(x)).join(", ")}`)}, ${v}));`,
    );
  }
  if (f.max_length !== undefined)
    more.push(
      `        if (${v}.length > ${f.max_length}) out.push(constraintViolated(${path}, "of length <= ${f.max_length}", ${v}));`,
    );
  if (list) {
    more.push(`        for (let i = 0; i < ${v}.length; i++) {
          const value1: unknown = ${v}[i];
          if (value1 == null) out.push(missingField(${path} + "[" + i + "]", "${list[1]}"));
          else if (!(${TEST[list[1]]("value1")})) out.push(incorrectType(${path} + "[" + i + "]", "${list[1]}", value1));
        }`);
  }
  if (more.length > 0) lines.push(`      else {\n${more.join("\n")}\n      }`);
  return lines.join("\n");
}

function emitVersion(schema, prefix, v, version, flat, parentPrefix, source, cs) {
  const cls = `${prefix}V${v}`;
  const own = Object.entries(version.fields ?? {}).map(([n, s]) => field(n, s));
  const fields = flat;
  const validate = fields.map((f) => {
    const path = `path + ${JSON.stringify(f.name)}`;
    const head = f.optional
      ? `    if (value != null) {\n`
      : `    if (value == null) out.push(missingField(${path}, ${JSON.stringify(f.type)}));\n    else {\n`;
    return `  {\n    const value = row.${f.name};\n${head}${checks(f, "value", path, cs)}\n    }\n  }`;
  });
  return `
/** The fields of \`${schema}@${v}\`. */
export interface ${cls}Fields${parentPrefix ? ` extends ${parentPrefix}Fields` : ""} {
${own.map((f) => `  /** Declared at ${source}. */\n  readonly ${f.name}: ${tsType(f)};`).join("\n")}
}

/** What \`new ${cls}(...)\` accepts. */
export interface ${cls}Input {
${fields.map((f) => `  readonly ${f.name}${f.optional ? "?" : ""}: ${tsType(f)}${f.type === "int64" ? " | number" : ""}${f.optional ? " | undefined" : ""};`).join("\n")}
}

export function convert${cls}(input: unknown): Unchecked<${cls}Fields> {
  const fields = inputFields(input);
  return {
${fields.map((f) => `    ${f.name}: ${f.type === "int64" ? `toBigInt(fields.${f.name} ?? null)` : f.type === "float32" ? `toFloat32(fields.${f.name} ?? null)` : `fields.${f.name} ?? null`},`).join("\n")}
  };
}

export function validate${cls}(input: unknown, path: string, out: Violation[]): void {
  if (typeof input !== "object" || input === null) {
    out.push(incorrectType(path, "a ${schema}@${v} row", input));
    return;
  }
  const row = input as Record<string, unknown>;
${validate.join("\n")}
}

/** A row of \`${schema}@${v}\`. */
export class ${cls} implements ${cls}Fields {
${fields.map((f) => `  readonly ${f.name}: ${tsType(f)};`).join("\n")}

  constructor(input: ${cls}Input) {
    const row = convert${cls}(input);
    const violations: Violation[] = [];
    validate${cls}(row, "", violations);
    if (violations.length > 0) throw new RowValidationError(${cls}SchemaVersion.identifier, violations);
    const valid = row as ${cls}Fields;
${fields.map((f) => `    this.${f.name} = valid.${f.name};`).join("\n")}
  }

  static validate(value: unknown): Violation[] {
    const violations: Violation[] = [];
    validate${cls}(value, "", violations);
    return violations;
  }

  static is(value: unknown): value is ${cls}Fields {
    return ${cls}.validate(value).length === 0;
  }
}

export const ${cls}SchemaVersion = defineSchemaVersion<${cls}, ${cls}Input>({
  name: ${JSON.stringify(schema)},
  version: ${v},
  parent: ${parentPrefix ? `${parentPrefix}SchemaVersion` : "null"},
  fields: [
${fields.map((f) => `    { name: ${JSON.stringify(f.name)}, type: ${JSON.stringify(f.type)}, optional: ${f.optional}, constraints: {} },`).join("\n")}
  ],
  checks: [],
  rowClass: ${cls},
});
`;
}

/** Reads, parses, resolves and prints; returns `{path, content}[]` like the generator. */
export async function templateGenerate(schemasDir) {
  const names = (await readdir(schemasDir)).filter((n) => n.endsWith(".yaml")).sort();
  const docs = await Promise.all(
    names.map(async (n) => ({ file: n, doc: parse(await readFile(join(schemasDir, n), "utf8")) })),
  );
  const bySchema = new Map(docs.map((d) => [d.doc.schema, d.doc]));
  const flatCache = new Map();
  const flatten = (schema, v) => {
    const key = `${schema}@${v}`;
    if (flatCache.has(key)) return flatCache.get(key);
    const version = bySchema.get(schema).versions[v];
    const parent = version.extends ? version.extends.split("@") : null;
    const inherited = parent ? flatten(parent[0], Number(parent[1])) : [];
    const flat = [...inherited, ...Object.entries(version.fields ?? {}).map(([n, s]) => field(n, s))];
    flatCache.set(key, flat);
    return flat;
  };
  const files = docs.map(({ file, doc }) => {
    const cs = [];
    const imports = new Set();
    const body = Object.entries(doc.versions).map(([v, version]) => {
      const parent = version.extends ? version.extends.split("@") : null;
      const parentDoc = parent ? bySchema.get(parent[0]) : null;
      const parentPrefix = parentDoc ? `${parentDoc.prefix}V${parent[1]}` : null;
      if (parentDoc)
        imports.add(
          `import { type ${parentPrefix}Fields, ${parentPrefix}SchemaVersion } from "./${parentDoc.schema}.js";`,
        );
      return emitVersion(
        doc.schema,
        doc.prefix,
        Number(v),
        version,
        flatten(doc.schema, Number(v)),
        parentPrefix,
        `../schemas/${file}`,
        cs,
      );
    });
    const content = `// @generated by a template from ../schemas/${file}. DO NOT EDIT.
/* eslint-disable */
import { constraintViolated, incorrectType, missingField } from "legolas-ts/internal/violations";
import { defineSchemaVersion } from "legolas-ts/internal/schema-version";
import { inputFields, isInt64, toBigInt, toFloat32, type Unchecked } from "legolas-ts/internal/convert";
import { RowValidationError, type Violation } from "legolas-ts";
${[...imports].sort().join("\n")}
${cs.map((c, i) => `const C${i} = ${c};`).join("\n")}
${body.join("")}`;
    return { path: `${doc.schema}.ts`, content };
  });
  files.push({ path: "index.ts", content: `${docs.map((d) => `export * from "./${d.doc.schema}.js";`).join("\n")}\n` });
  return files;
}

/** Writes the files, or with `check` compares them with what is there; returns the stale count. */
export async function templateRun(schemasDir, outDir, check) {
  const files = await templateGenerate(schemasDir);
  if (check) {
    let stale = 0;
    for (const f of files) if ((await readFile(join(outDir, f.path), "utf8").catch(() => null)) !== f.content) stale++;
    return stale;
  }
  await mkdir(outDir, { recursive: true });
  await Promise.all(files.map((f) => writeFile(join(outDir, f.path), f.content)));
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [schemasDir, outDir, flag] = process.argv.slice(2);
  const stale = await templateRun(schemasDir, outDir, flag === "--check");
  process.exitCode = stale === 0 ? 0 : 1;
}
