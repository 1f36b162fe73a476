/** Narrowing helpers for data parsed from untrusted lockfile text, and path helpers. */

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is a non-empty string, else undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The value when it is a plain object, else an empty object. */
export function rec(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/** The value when it is an array, else an empty array. */
export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** True for a boolean `true` or the YAML failsafe string `"true"`. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** Keys of a plain object (empty for anything else). */
export function keysOf(value: unknown): string[] {
  return isRecord(value) ? Object.keys(value) : [];
}

/** Last segment of a forward-slash path: `app/package-lock.json` → `package-lock.json`. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Directory part of a forward-slash path with its trailing slash, or `''`: `app/x.txt` → `app/`. */
export function dirName(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}
