/**
 * Binary XML (MS-EVEN6 BinXml) of one 64 KiB chunk. Offsets in BinXML (names, template
 * definitions) are relative to the chunk, so a decoder lives as long as its chunk and caches
 * each name and each compiled template definition by offset: a chunk holds ~100-300 records
 * built from a handful of templates, and each template is parsed once.
 *
 * A record is a fragment holding one TemplateInstance: the template's offset (its definition is
 * inline the first time the chunk uses it) and the substitution values. Instantiation renders
 * each value where the template's slot is; an optional slot whose value is Null removes its
 * attribute, or its element when that was the element's only content (EvtVarTypeNull: "the
 * element that contains the content does not exist"); an array value repeats its element once
 * per item.
 */
import { u16, u32, utf16 } from './bytes.ts';
import { EvtxFormatError } from './errors.ts';
import { decodeValue, Fragment, type SubstitutionValue } from './values.ts';
import type { XmlAttribute, XmlElement, XmlNode } from './xml.ts';

/** BinXML token kinds (the low six bits of a token byte). */
const T = {
  EndOfFragment: 0x00,
  OpenStartElement: 0x01,
  CloseStartElement: 0x02,
  CloseEmptyElement: 0x03,
  EndElement: 0x04,
  Value: 0x05,
  Attribute: 0x06,
  CData: 0x07,
  CharRef: 0x08,
  EntityRef: 0x09,
  PITarget: 0x0a,
  PIData: 0x0b,
  TemplateInstance: 0x0c,
  NormalSubstitution: 0x0d,
  OptionalSubstitution: 0x0e,
  FragmentHeader: 0x0f,
} as const;
/** Set on a token byte when more of the same kind follows (attributes, data); not part of the kind. */
const MORE_FLAG = 0x40;

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** Template definition header: next offset (4), GUID (16), data size (4). */
const TEMPLATE_HEADER_SIZE = 24;

/** A substitution slot of a template definition. */
class Slot {
  constructor(
    readonly index: number,
    readonly optional: boolean,
  ) {}
}

/** An element of a template definition with a slot somewhere inside it. */
class TemplateElement {
  /** The attributes when none has a slot: shared by every instance. */
  readonly fixedAttributes: readonly XmlAttribute[] | undefined;
  /** The slot when it is the whole content and the attributes are fixed. */
  readonly textSlot: Slot | undefined;

  constructor(
    readonly name: string,
    readonly attributes: readonly TemplateAttribute[],
    readonly children: readonly TemplateNode[],
    /** The slots directly in this element (its attributes and text), for array expansion. */
    readonly slots: readonly Slot[],
  ) {
    const fixed = attributes.every((a) => a.parts.every((part) => typeof part === 'string'));
    this.fixedAttributes = fixed ? attributes.map(fixedAttribute) : undefined;
    const only = children.length === 1 ? children[0] : undefined;
    this.textSlot = fixed && only instanceof Slot ? only : undefined;
  }
}

interface TemplateAttribute {
  readonly name: string;
  readonly parts: readonly (string | Slot)[];
}

/** Plain text, a slot, an element with slots, or a fixed element shared by every instance. */
type TemplateNode = string | Slot | TemplateElement | XmlElement;

interface Cursor {
  pos: number;
  end: number;
}

type Compiled = { readonly nodes: readonly TemplateNode[] } | { readonly error: EvtxFormatError };
/** Marks a definition being compiled (an Error per template would cost a stack trace each). */
const COMPILING: Compiled = { nodes: [] };

export class ChunkDecoder {
  private readonly names = new Map<number, string>();
  private readonly templates = new Map<number, Compiled>();
  private depth = 0;
  /** What the last decoded record lost without failing, for the caller to report. */
  readonly damage: string[] = [];

  /** `bytes` is the whole chunk (header included): BinXML offsets count from its start. */
  constructor(private readonly bytes: Uint8Array) {}

  /** The root element of the record whose BinXML is `bytes[start, end)`. */
  decodeRecord(start: number, end: number): XmlElement {
    this.damage.length = 0;
    const nodes = this.content({ pos: start, end }, false, false);
    for (const node of nodes) if (typeof node !== 'string' && !(node instanceof Slot) && !(node instanceof TemplateElement)) return node;
    throw new EvtxFormatError('record holds no element');
  }

  /**
   * Tokens up to the end of the fragment (or of the enclosing element when `inElement`). Inside
   * a template definition (`inTemplate`) elements carry a dependency identifier and
   * substitutions are slots; elsewhere template instances are expanded in place.
   */
  private content(c: Cursor, inTemplate: boolean, inElement: boolean): TemplateNode[] {
    const bytes = this.bytes;
    const nodes: TemplateNode[] = [];
    while (c.pos < c.end) {
      const token = bytes[c.pos]!;
      const kind = token & ~MORE_FLAG;
      switch (kind) {
        case T.EndOfFragment:
          // Zeros read as this token: inside an element they are damage (a zeroed page), not an end.
          if (inElement) throw this.error(c, 'fragment ends inside an element');
          c.pos++;
          return nodes;
        case T.EndElement:
          if (!inElement) throw this.error(c, 'end of element outside an element');
          c.pos++;
          return nodes;
        case T.OpenStartElement:
          nodes.push(this.element(c, inTemplate));
          break;
        case T.Value:
        case T.CData:
        case T.CharRef:
        case T.EntityRef:
          pushText(nodes, this.text(c, kind));
          break;
        case T.PITarget:
          // Processing instructions are not character data; Winlogbeat's XML reader skips them.
          c.pos++;
          this.name(c);
          break;
        case T.PIData:
          c.pos++;
          this.need(c, 2);
          c.pos += 2 + 2 * u16(bytes, c.pos);
          break;
        case T.TemplateInstance:
          pushNodes(nodes, this.templateInstance(c));
          break;
        case T.NormalSubstitution:
        case T.OptionalSubstitution:
          if (!inTemplate) throw this.error(c, 'substitution outside a template');
          nodes.push(this.slot(c));
          break;
        case T.FragmentHeader:
          c.pos += 4;
          break;
        default:
          throw this.error(c, `unknown BinXML token 0x${token.toString(16).padStart(2, '0')}`);
      }
    }
    if (inElement) throw this.error(c, 'element not closed before the end of its data');
    return nodes;
  }

  private element(c: Cursor, inTemplate: boolean): XmlElement | TemplateElement {
    const bytes = this.bytes;
    const hasAttributes = (bytes[c.pos]! & MORE_FLAG) !== 0;
    c.pos++;
    this.skipElementHeader(c, inTemplate);
    const name = this.name(c);
    if (hasAttributes) c.pos += 4; // attribute list size
    const attributes: TemplateAttribute[] = [];
    const slots: Slot[] = [];
    let fixed = true;
    while (hasAttributes && c.pos < c.end && (bytes[c.pos]! & ~MORE_FLAG) === T.Attribute) {
      c.pos++;
      const attributeName = this.name(c);
      const parts = this.attributeValue(c, inTemplate);
      for (const part of parts) if (part instanceof Slot) slots.push(part);
      attributes.push({ name: attributeName, parts });
    }
    this.need(c, 1);
    const close = bytes[c.pos++]!;
    let children: TemplateNode[] = [];
    if (close === T.CloseStartElement) children = this.content(c, inTemplate, true);
    else if (close !== T.CloseEmptyElement) throw this.error(c, `expected the end of element <${name}>'s start tag, found 0x${close.toString(16)}`);
    for (const child of children) {
      if (child instanceof Slot) slots.push(child);
      if (child instanceof Slot || child instanceof TemplateElement) fixed = false;
    }
    if (slots.length > 0) fixed = false;
    if (!fixed) return new TemplateElement(name, attributes, children, slots);
    return { name, attributes: attributes.map(fixedAttribute), children: children as XmlNode[] };
  }

  /**
   * Element start: [dependency id u16 — template definitions only], data size u32, then the name
   * offset. When the expected layout gives a name offset that cannot be right (not inline and
   * not earlier in the chunk), the other layout is tried: writers differ on the dependency id.
   */
  private skipElementHeader(c: Cursor, inTemplate: boolean): void {
    const withId = c.pos + 6;
    const withoutId = c.pos + 4;
    const first = inTemplate ? withId : withoutId;
    const second = inTemplate ? withoutId : withId;
    this.need({ pos: first, end: c.end }, 4);
    c.pos = this.plausibleName(first) || !this.plausibleName(second) ? first : second;
  }

  private plausibleName(fieldAt: number): boolean {
    if (fieldAt + 4 > this.bytes.length) return false;
    const offset = u32(this.bytes, fieldAt);
    return offset === fieldAt + 4 || (offset < fieldAt && offset + 8 <= this.bytes.length);
  }

  private attributeValue(c: Cursor, inTemplate: boolean): (string | Slot)[] {
    const bytes = this.bytes;
    const parts: (string | Slot)[] = [];
    while (c.pos < c.end) {
      const kind = bytes[c.pos]! & ~MORE_FLAG;
      if (kind === T.Value || kind === T.CData || kind === T.CharRef || kind === T.EntityRef) {
        const text = this.text(c, kind);
        const last = parts.length - 1;
        if (last >= 0 && typeof parts[last] === 'string') parts[last] += text;
        else parts.push(text);
      } else if (kind === T.NormalSubstitution || kind === T.OptionalSubstitution) {
        if (!inTemplate) throw this.error(c, 'substitution outside a template');
        parts.push(this.slot(c));
      } else if (kind === T.TemplateInstance) {
        parts.push(textContent(this.templateInstance(c)));
      } else break;
    }
    return parts;
  }

  private text(c: Cursor, kind: number): string {
    const bytes = this.bytes;
    c.pos++;
    switch (kind) {
      case T.Value: {
        this.need(c, 1);
        const type = bytes[c.pos++]!;
        if (type !== 0x01) throw this.error(c, `value token of type 0x${type.toString(16)} (only text is written here)`);
        return this.lengthPrefixedString(c);
      }
      case T.CData:
        return this.lengthPrefixedString(c);
      case T.CharRef:
        this.need(c, 2);
        c.pos += 2;
        return String.fromCharCode(u16(bytes, c.pos - 2));
      default: {
        const name = this.name(c);
        return ENTITIES[name] ?? `&${name};`;
      }
    }
  }

  private lengthPrefixedString(c: Cursor): string {
    this.need(c, 2);
    const units = u16(this.bytes, c.pos);
    c.pos += 2;
    this.need(c, 2 * units);
    const text = utf16(this.bytes, c.pos, units);
    c.pos += 2 * units;
    return text;
  }

  private slot(c: Cursor): Slot {
    this.need(c, 4);
    const optional = this.bytes[c.pos] === T.OptionalSubstitution;
    const index = u16(this.bytes, c.pos + 1);
    c.pos += 4; // token, index u16, value type u8 (the instance's own type wins)
    return new Slot(index, optional);
  }

  /** A name: its offset, and the name itself inline when the offset points just past the field. */
  private name(c: Cursor): string {
    this.need(c, 4);
    const offset = u32(this.bytes, c.pos);
    c.pos += 4;
    const name = this.nameAt(offset);
    if (offset === c.pos) c.pos += 10 + 2 * name.length; // next offset u32, hash u16, count u16, text, NUL
    return name;
  }

  private nameAt(offset: number): string {
    const cached = this.names.get(offset);
    if (cached !== undefined) return cached;
    if (offset + 8 > this.bytes.length) throw new EvtxFormatError(`name offset ${offset} is outside the chunk`);
    const units = u16(this.bytes, offset + 6);
    if (offset + 8 + 2 * units > this.bytes.length) throw new EvtxFormatError(`name at offset ${offset} runs past the chunk`);
    const name = utf16(this.bytes, offset + 8, units);
    this.names.set(offset, name);
    return name;
  }

  /** A template instance: compiles (or reuses) its definition and instantiates it with its values. */
  private templateInstance(c: Cursor): XmlNode[] {
    const bytes = this.bytes;
    this.need(c, 10);
    const definitionAt = u32(bytes, c.pos + 6);
    c.pos += 10;
    if (definitionAt === c.pos) {
      this.need(c, TEMPLATE_HEADER_SIZE);
      c.pos += TEMPLATE_HEADER_SIZE + u32(bytes, c.pos + 20);
    }
    const template = this.template(definitionAt);
    if (template === COMPILING) throw new EvtxFormatError(`template at offset ${definitionAt} refers to itself`);
    this.need(c, 4);
    const count = u32(bytes, c.pos);
    c.pos += 4;
    this.need(c, 4 * count);
    const values: SubstitutionValue[] = new Array<SubstitutionValue>(count);
    let at = c.pos + 4 * count;
    for (let i = 0; i < count; i++) {
      const size = u16(bytes, c.pos + 4 * i);
      const type = bytes[c.pos + 4 * i + 2]!;
      if (at + size > c.end) throw this.error(c, `substitution ${i} (${size} bytes) runs past the record`);
      values[i] = decodeValue(bytes, at, size, type, (start, length) => this.fragment(start, length));
      at += size;
    }
    c.pos = at;
    if ('error' in template) throw template.error;
    const out: XmlNode[] = [];
    instantiate(template.nodes, values, out, undefined);
    return out;
  }

  /** A nested BinXML value (type 0x21): its own fragment, with its own template instances. */
  private fragment(start: number, size: number): XmlNode[] {
    if (++this.depth > 16) throw new EvtxFormatError('BinXML nested more than 16 deep');
    try {
      const nodes = this.content({ pos: start, end: start + size }, false, false) as XmlNode[];
      // A BinXML value always holds an element. One that does not is zeros (a zeroed page): the record
      // keeps what survived (its System part names the event) and says what it lost.
      if (size > 0 && !nodes.some((node) => typeof node !== 'string')) {
        this.damage.push(`the BinXML value at chunk offset ${start} (${size} bytes) holds no element (zeroed?): left out`);
        return [];
      }
      return nodes;
    } finally {
      this.depth--;
    }
  }

  private template(offset: number): Compiled {
    const cached = this.templates.get(offset);
    if (cached !== undefined) return cached;
    // A definition that (through its own instances) refers back to itself would never end.
    this.templates.set(offset, COMPILING);
    let compiled: Compiled;
    try {
      if (offset + TEMPLATE_HEADER_SIZE > this.bytes.length) throw new EvtxFormatError(`template offset ${offset} is outside the chunk`);
      const start = offset + TEMPLATE_HEADER_SIZE;
      const end = Math.min(start + u32(this.bytes, offset + 20), this.bytes.length);
      const nodes = this.content({ pos: start, end }, true, false);
      if (!nodes.some((node) => typeof node !== 'string' && !(node instanceof Slot))) throw new EvtxFormatError('holds no element (zeroed?)');
      compiled = { nodes };
    } catch (error) {
      if (!(error instanceof EvtxFormatError)) throw error;
      compiled = { error: new EvtxFormatError(`template at offset ${offset}: ${error.message}`) };
    }
    this.templates.set(offset, compiled);
    return compiled;
  }

  private need(c: Cursor, count: number): void {
    if (c.pos + count > c.end) throw this.error(c, `needs ${count} bytes, ${Math.max(0, c.end - c.pos)} left`);
  }

  private error(c: Cursor, message: string): EvtxFormatError {
    return new EvtxFormatError(`${message} (chunk offset ${c.pos})`);
  }
}

function pushText(nodes: TemplateNode[] | XmlNode[], text: string): void {
  if (text === '') return;
  const last = nodes.length - 1;
  if (last >= 0 && typeof nodes[last] === 'string') nodes[last] = (nodes[last] as string) + text;
  else nodes.push(text);
}

function pushNodes(nodes: TemplateNode[] | XmlNode[], add: readonly XmlNode[]): void {
  for (const node of add) {
    if (typeof node === 'string') pushText(nodes, node);
    else nodes.push(node);
  }
}

function fixedAttribute(attribute: TemplateAttribute): XmlAttribute {
  return { name: attribute.name, value: attribute.parts.join('') };
}

function textContent(nodes: readonly XmlNode[]): string {
  let text = '';
  for (const node of nodes) text += typeof node === 'string' ? node : textContent(node.children);
  return text;
}

/** The array item each array slot stands for while its element is being repeated. */
type Overrides = ReadonlyMap<number, string> | undefined;

/** The value where a slot is: an array gives the item being repeated (its only item, or '' when empty). */
function valueAt(values: readonly SubstitutionValue[], slot: Slot, overrides: Overrides): SubstitutionValue {
  const override = overrides?.get(slot.index);
  if (override !== undefined) return override;
  const value = values[slot.index] ?? null;
  if (Array.isArray(value)) return value.length === 0 ? '' : (value[0] as string);
  return value;
}

function instantiate(nodes: readonly TemplateNode[], values: readonly SubstitutionValue[], out: XmlNode[], overrides: Overrides): void {
  for (const node of nodes) {
    if (typeof node === 'string') pushText(out, node);
    else if (node instanceof Slot) {
      const value = valueAt(values, node, overrides);
      if (value instanceof Fragment) pushNodes(out, value.nodes);
      else if (value !== null) pushText(out, value as string);
    } else if (node instanceof TemplateElement) instantiateElement(node, values, out, overrides);
    else out.push(node);
  }
}

/** Elements one array expansion may produce: several arrays in one element multiply (a hostile record could ask for billions). */
const MAX_EXPANSION = 10_000;

const NO_CHILDREN: readonly XmlNode[] = [];

function instantiateElement(element: TemplateElement, values: readonly SubstitutionValue[], out: XmlNode[], overrides: Overrides): void {
  let product = 1;
  let expand: Slot | undefined;
  for (const slot of element.slots) {
    const value = values[slot.index];
    if (Array.isArray(value) && overrides?.has(slot.index) !== true) {
      product *= Math.max(1, value.length);
      if (value.length > 1) expand ??= slot;
    }
  }
  if (expand !== undefined) {
    if (product > MAX_EXPANSION) throw new EvtxFormatError(`array values would repeat <${element.name}> ${product} times`);
    for (const item of values[expand.index] as readonly string[]) instantiateElement(element, values, out, new Map(overrides).set(expand.index, item));
    return;
  }
  if (element.textSlot !== undefined) {
    // The common case (<Data Name='…'>%n</Data>): fixed attributes, one value as the content.
    const value = valueAt(values, element.textSlot, overrides);
    if (value === null && element.textSlot.optional) return;
    if (typeof value === 'string' || value === null) {
      out.push({ name: element.name, attributes: element.fixedAttributes!, children: value === null || value === '' ? NO_CHILDREN : [value] });
      return;
    }
  }
  const children: XmlNode[] = element.children.length === 0 ? (NO_CHILDREN as XmlNode[]) : [];
  let absent = false;
  for (const child of element.children) {
    if (child instanceof Slot) {
      const value = valueAt(values, child, overrides);
      if (value === null) {
        absent ||= child.optional;
      } else if (value instanceof Fragment) {
        pushNodes(children, value.nodes);
      } else pushText(children, value as string);
    } else if (child instanceof TemplateElement) instantiateElement(child, values, children, overrides);
    else if (typeof child === 'string') pushText(children, child);
    else children.push(child);
  }
  // An element whose content is only an optional value that is Null does not exist (<Version/> of classic events).
  if (absent && children.length === 0) return;
  if (element.fixedAttributes !== undefined) {
    out.push({ name: element.name, attributes: element.fixedAttributes, children });
    return;
  }
  const attributes: XmlAttribute[] = [];
  for (const { name, parts } of element.attributes) {
    const only = parts.length === 1 ? parts[0] : undefined;
    if (only instanceof Slot && only.optional && valueAt(values, only, overrides) === null) continue;
    let text = '';
    for (const part of parts) {
      if (typeof part === 'string') text += part;
      else {
        const value = valueAt(values, part, overrides);
        if (value instanceof Fragment) text += textContent(value.nodes);
        else if (value !== null) text += value as string;
      }
    }
    attributes.push({ name, value: text });
  }
  out.push({ name: element.name, attributes, children });
}
