/** `legolas compat`: compatibility of schema versions under Legolas's open content model. */
export {
  COMPAT_MODES,
  effectiveVerdict,
  summarize,
  type Caveat,
  type Change,
  type ChangeKind,
  type CompareOptions,
  type CompatMode,
  type Comparison,
} from "./changes.js";
export { catalogOf, catalogOfFiles, type Catalog } from "./catalog.js";
export { chainChecks, compareChecks, fieldsRead, mayRead, type ChainCheck } from "./checks.js";
export { compareConstraints } from "./constraints.js";
export { compareConsecutive, compareInPlace, compareVersions, type InPlaceResult } from "./compare.js";
export { COMPAT_GATES, jsonReport, passes, renderComparison, type CompatGate } from "./report.js";
