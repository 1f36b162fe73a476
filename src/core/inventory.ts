/**
 * A third-party package found in a lockfile or manifest: the SBOM's unit
 * (CycloneDX 1.6 `component` of type `library`).
 */
export interface Component {
  ecosystem: 'npm' | 'PyPI';
  name: string;
  version: string;
  /** Package URL (purl-spec), e.g. `pkg:npm/%40scope/name@1.2.3`, `pkg:pypi/flask@0.12.2`. */
  purl: string;
  /** Declared by the project (true), pulled in by another package (false), or unknown. */
  direct?: boolean;
  /** Only needed to develop or test the project. */
  dev?: boolean;
  /** Lockfile or manifest it was read from, repository-relative. */
  manifest: string;
  /** purls of the components this one depends on, when the lockfile records them. */
  dependsOn?: string[];
  /** SPDX license expression, when the lockfile records it. */
  license?: string;
  /** Integrity hash as recorded (`sha512-…`, `sha256:…`). */
  integrity?: string;
}
