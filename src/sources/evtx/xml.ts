/**
 * The event as Windows renders it to XML (EvtRender), as a small read-only tree: elements with
 * attributes and children, text as plain (already unescaped) strings. Substitution values are
 * rendered to text exactly where Windows renders them, so consumers (the Winlogbeat renderer,
 * tests comparing with Windows' own XML) read strings, never BinXML value types.
 *
 * Parts of a tree that come straight from a template (no substitution inside) are shared between
 * records of a chunk: treat every tree as immutable.
 */

export interface XmlAttribute {
  readonly name: string;
  readonly value: string;
}

export interface XmlElement {
  readonly name: string;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlNode[];
}

export type XmlNode = XmlElement | string;

export function isElement(node: XmlNode): node is XmlElement {
  return typeof node !== 'string';
}

export function childElement(element: XmlElement, name: string): XmlElement | undefined {
  for (const child of element.children) if (typeof child !== 'string' && child.name === name) return child;
  return undefined;
}

export function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter(isElement);
}

export function attribute(element: XmlElement | undefined, name: string): string | undefined {
  if (element === undefined) return undefined;
  for (const a of element.attributes) if (a.name === name) return a.value;
  return undefined;
}

/** The element's own character data (text children only, not descendants'), as Go's `,chardata` reads it. */
export function ownText(element: XmlElement | undefined): string {
  if (element === undefined) return '';
  let text = '';
  for (const child of element.children) if (typeof child === 'string') text += child;
  return text;
}

/** Windows' event XML form (single-quoted attributes, empty elements self-closed); for display and tests. */
export function toXml(node: XmlNode): string {
  if (typeof node === 'string') return escapeText(node);
  let xml = `<${node.name}`;
  for (const a of node.attributes) xml += ` ${a.name}='${escapeAttribute(a.value)}'`;
  if (node.children.length === 0) return `${xml}/>`;
  xml += '>';
  for (const child of node.children) xml += toXml(child);
  return `${xml}</${node.name}>`;
}

function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

function escapeAttribute(text: string): string {
  return text.replace(/[&<']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&apos;'));
}
