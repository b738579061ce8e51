import type { XmlElement } from './xml-tree';
import { UBL_NS } from './namespaces';
import { requireDecimal } from './decimal';

/**
 * Small path helpers over the namespace-resolved tree. Paths use the codec's own prefixes
 * ("cac:", "cbc:") which map to UBL namespace URIs; the document's prefixes never matter.
 */

function split(step: string): [string, string] {
  const [prefix, name] = step.split(':') as [string, string | undefined];
  if (name === undefined) throw new Error(`path step "${step}" needs a prefix`);
  const namespace = (UBL_NS as Record<string, string>)[prefix];
  if (namespace === undefined) throw new Error(`unknown prefix "${prefix}"`);
  return [namespace, name];
}

/** Direct children matching one step, e.g. "cac:OrderLine". */
export function childrenOf(element: XmlElement | undefined, step: string): XmlElement[] {
  if (element === undefined) return [];
  const [namespace, name] = split(step);
  return element.children.filter((child) => child.name === name && child.namespace === namespace);
}

/** All elements reached by a "/"-separated path, in document order. */
export function all(element: XmlElement | undefined, path: string): XmlElement[] {
  let current: XmlElement[] = element === undefined ? [] : [element];
  for (const step of path.split('/')) current = current.flatMap((el) => childrenOf(el, step));
  return current;
}

/** The first element reached by a path. */
export function first(element: XmlElement | undefined, path: string): XmlElement | undefined {
  return all(element, path)[0];
}

/** Trimmed text of the first element reached by a path; empty text counts as absent. */
export function text(element: XmlElement | undefined, path: string): string | undefined {
  const value = first(element, path)?.text;
  return value === undefined || value === '' ? undefined : value;
}

export function texts(element: XmlElement | undefined, path: string): string[] {
  return all(element, path)
    .map((el) => el.text)
    .filter((value) => value !== '');
}

export function attribute(element: XmlElement | undefined, name: string): string | undefined {
  const value = element?.attributes.get(name);
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * The exact decimal text of an element, checked to be a decimal so later big.js arithmetic
 * cannot fail on it. Never converted to a JS number.
 */
export function decimal(element: XmlElement | undefined, where: string): string | undefined {
  const value = element?.text;
  if (value === undefined || value === '') return undefined;
  return requireDecimal(value, where);
}

/** Drops keys whose value is undefined so parsed objects compare cleanly and serialise compactly. */
export function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

/** `compact`, and undefined when nothing is left. */
export function compactOrUndefined<T extends object>(value: T): T | undefined {
  const result = compact(value);
  return Object.keys(result).length === 0 ? undefined : result;
}
