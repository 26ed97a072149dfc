/**
 * The schema graph for the reference: which files to document (every local one, and the shipped
 * ones they reach), who extends whom, which fields hold which records, and the Mermaid diagram.
 */
import { containedTypes, isJuliaContainer } from "legolas-ts/internal/julia-containers";
import { formatSchemaVersionName } from "legolas-ts/internal/identifier";
import type { DeclaredFieldType } from "legolas-ts/internal/field-types";
import type { ResolvedSchemaFile, ResolvedVersion } from "../resolve/ir.js";

/** `name@N`, the key of a version in the reference. */
export function versionKey(version: ResolvedVersion): string {
  return formatSchemaVersionName(version);
}

/** Local files sorted by schema name, then the shipped files they extend or nest, sorted too. */
export function referencedFiles(files: readonly ResolvedSchemaFile[]): ResolvedSchemaFile[] {
  const byKey = new Map(files.flatMap((file) => file.versions.map((v) => [versionKey(v), v] as const)));
  const reached = new Set<ResolvedSchemaFile>();
  const seen = new Set<ResolvedVersion>();
  const visit = (version: ResolvedVersion | undefined): void => {
    if (version === undefined || seen.has(version)) return;
    seen.add(version);
    reached.add(version.file);
    if (version.parent !== null) visit(version.parent);
    for (const edge of recordEdges(version)) visit(byKey.get(edge.target));
  };
  for (const file of files.filter((f) => !f.external)) for (const version of file.versions) visit(version);
  const bySchema = (a: ResolvedSchemaFile, b: ResolvedSchemaFile) =>
    a.schema < b.schema ? -1 : a.schema > b.schema ? 1 : 0;
  const all = [...reached];
  return [...all.filter((f) => !f.external).sort(bySchema), ...all.filter((f) => f.external).sort(bySchema)];
}

export interface RecordEdge {
  /** The field path that holds the record: `child`, `points.owner`. */
  readonly field: string;
  readonly target: string;
}

/** The records nested in a version's own fields (inside lists and structs too). */
export function recordEdges(version: ResolvedVersion): RecordEdge[] {
  const edges: RecordEdge[] = [];
  const walk = (path: string, type: DeclaredFieldType): void => {
    if (type.kind === "record") edges.push({ field: path, target: type.identifier });
    else if (type.kind === "list") walk(path, type.element);
    else if (type.kind === "struct") for (const field of type.fields) walk(`${path}.${field.name}`, field.type);
    else if (isJuliaContainer(type)) for (const part of containedTypes(type)) walk(path, part);
  };
  for (const field of version.fields.filter((f) => f.own)) walk(field.descriptor.name, field.descriptor.type);
  return edges;
}

/** A Mermaid flowchart: solid arrows for `extends`, dotted arrows for nested records. */
export function mermaidGraph(files: readonly ResolvedSchemaFile[]): string {
  const versions = files.flatMap((file) => file.versions);
  const ids = new Map(versions.map((version, index) => [versionKey(version), `v${index}`] as const));
  const lines = ["flowchart BT"];
  for (const version of versions) {
    lines.push(
      `  ${ids.get(versionKey(version))}["${versionKey(version)}"]${version.file.external ? ":::shipped" : ""}`,
    );
  }
  for (const version of versions) {
    const from = ids.get(versionKey(version))!;
    if (version.parent !== null) lines.push(`  ${from} -->|extends| ${ids.get(versionKey(version.parent))}`);
    for (const edge of recordEdges(version)) {
      const to = ids.get(edge.target);
      if (to !== undefined) lines.push(`  ${from} -.->|"${edge.field.replaceAll('"', "#quot;")}"| ${to}`);
    }
  }
  if (versions.some((version) => version.file.external)) lines.push("  classDef shipped stroke-dasharray: 4 4");
  return lines.join("\n");
}
