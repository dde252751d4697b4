/**
 * A small reader for the event XML Windows renders (EvtRender): elements, attributes, text and
 * character/entity references, which is all that XML holds. Used to compare the parser's trees
 * with Windows' own rendering, after decoding both sides as Winlogbeat's test does.
 */
import type { XmlElement, XmlNode } from '../../../src/sources/evtx/xml.ts';

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return ENTITIES[ref] ?? whole;
  });
}

/** Every `<Event>` element of a file holding one or more rendered events. */
export function parseEvents(xml: string): XmlElement[] {
  const events: XmlElement[] = [];
  let at = xml.indexOf('<Event');
  while (at !== -1) {
    const { node, end } = parseElement(xml, at);
    events.push(node);
    at = xml.indexOf('<Event', end);
  }
  return events;
}

function parseElement(xml: string, at: number): { node: XmlElement; end: number } {
  const open = /^<([\w:.-]+)/.exec(xml.slice(at, at + 200));
  if (open === null) throw new Error(`expected an element at ${at}`);
  const name = open[1]!;
  let pos = at + open[0].length;
  const attributes: { name: string; value: string }[] = [];
  const attribute = /\s*([\w:.-]+)\s*=\s*('([^']*)'|"([^"]*)")/y;
  for (;;) {
    attribute.lastIndex = pos;
    const match = attribute.exec(xml);
    if (match === null) break;
    attributes.push({ name: match[1]!, value: decodeEntities(match[3] ?? match[4] ?? '') });
    pos = attribute.lastIndex;
  }
  while (/\s/.test(xml[pos]!)) pos++;
  if (xml.startsWith('/>', pos)) return { node: { name, attributes, children: [] }, end: pos + 2 };
  if (xml[pos] !== '>') throw new Error(`malformed start tag <${name}> at ${pos}`);
  pos++;
  const children: XmlNode[] = [];
  for (;;) {
    const lt = xml.indexOf('<', pos);
    if (lt === -1) throw new Error(`<${name}> not closed`);
    if (lt > pos) children.push(decodeEntities(xml.slice(pos, lt)));
    if (xml.startsWith('</', lt)) {
      const close = xml.indexOf('>', lt);
      return { node: { name, attributes, children }, end: close + 1 };
    }
    const child = parseElement(xml, lt);
    children.push(child.node);
    pos = child.end;
  }
}
