/**
 * A problem the scan worked around: a file it could not read, a lockfile it could not
 * parse, a rule that failed. Reported in every output (SARIF
 * `invocations[].toolExecutionNotifications`), never fatal.
 */
export interface ScanWarning {
  /** Stable machine-readable code, e.g. `invalid-utf8`, `file-too-large`, `parse-error`. */
  code: string;
  message: string;
  /** Repository-relative path, when the warning is about a file. */
  path?: string;
  line?: number;
  /** The scanner (or `workspace`, `config`) that raised it. */
  source: string;
}

/** Collects warnings; shared by the workspace and the scanners of one run. */
export class WarningSink {
  readonly items: ScanWarning[] = [];

  add(warning: ScanWarning): void {
    this.items.push(warning);
  }
}
