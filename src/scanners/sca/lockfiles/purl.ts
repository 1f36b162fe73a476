/**
 * Package URLs (purl-spec, https://github.com/package-url/purl-spec) for the two
 * ecosystems the lockfile parsers emit, and PyPI name normalisation (PEP 503).
 */

/**
 * Percent-encodes one purl component: everything except the RFC 3986 unreserved
 * characters `A-Z a-z 0-9 - . _ ~` is encoded as UTF-8 `%XX` (purl-spec "Character
 * encoding"). `1.0.0+build` → `1.0.0%2Bbuild`, `@types` → `%40types`.
 */
export function encodePurlComponent(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * purl of an npm package (purl-spec type `npm`): the scope is the namespace with its
 * `@` percent-encoded, names keep their case.
 * `npmPurl('@babel/core', '7.0.0')` → `pkg:npm/%40babel/core@7.0.0`,
 * `npmPurl('lodash', '4.17.20')` → `pkg:npm/lodash@4.17.20`.
 */
export function npmPurl(name: string, version: string): string {
  const slash = name.startsWith('@') ? name.indexOf('/') : -1;
  const path =
    slash > 0
      ? `${encodePurlComponent(name.slice(0, slash))}/${encodePurlComponent(name.slice(slash + 1))}`
      : encodePurlComponent(name);
  return `pkg:npm/${path}@${encodePurlComponent(version)}`;
}

/**
 * PEP 503 normalised form of a Python distribution name: lowercased, each run of
 * `-`, `_` and `.` replaced by one `-`. `Flask_SQLAlchemy` → `flask-sqlalchemy`,
 * `zope.interface` → `zope-interface`.
 */
export function normalizePypiName(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * purl of a PyPI distribution (purl-spec type `pypi`), the name PEP 503 normalised.
 * `pypiPurl('PyYAML', '5.3')` → `pkg:pypi/pyyaml@5.3`.
 */
export function pypiPurl(name: string, version: string): string {
  return `pkg:pypi/${encodePurlComponent(normalizePypiName(name))}@${encodePurlComponent(version)}`;
}
