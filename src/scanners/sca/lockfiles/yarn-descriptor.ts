/**
 * Yarn descriptors and locators: `name@range` strings such as `lodash@^4.17.20`,
 * `@babel/core@npm:^7.0.0`, `old-ms@npm:ms@2.0.0` (an alias) or
 * `resolve@patch:resolve@npm%3A1.22.8#~builtin<compat/resolve>`
 * (https://yarnpkg.com/protocols).
 */

/** A split descriptor; `alias` is set for `npm:<name>@<range>` ranges. */
export interface Descriptor {
  name: string;
  /** Everything after the name's `@`: `^4.17.20`, `npm:1.3.8`, `workspace:.`. */
  range: string;
  /** The protocol before the first `:` of the range (`npm`, `workspace`, `patch`…), if any. */
  protocol?: string;
  /** The aliased package of `npm:<name>@<range>`. */
  alias?: { name: string; range: string };
}

/** Splits `name@range`; undefined when there is no `@` after the (possibly scoped) name. */
export function splitDescriptor(text: string): Descriptor | undefined {
  const at = text.indexOf('@', 1);
  if (at <= 0) return undefined;
  const name = text.slice(0, at);
  const range = text.slice(at + 1);
  const colon = range.indexOf(':');
  const protocol = /^[a-z][a-z0-9+.-]*:/i.test(range) ? range.slice(0, colon) : undefined;
  const descriptor: Descriptor = protocol ? { name, range, protocol } : { name, range };
  if (protocol === 'npm') {
    const target = range.slice(4);
    const targetAt = target.indexOf('@', 1);
    if (targetAt > 0 && /^(@[^/@]+\/)?[^/@]+$/.test(target.slice(0, targetAt))) {
      descriptor.alias = { name: target.slice(0, targetAt), range: target.slice(targetAt + 1) };
    }
  }
  return descriptor;
}
