/**
 * Binary XML and value rendering on files written byte by byte: every EVT_VARIANT_TYPE (the
 * shared samples hold only some of them), arrays, nested BinXML, optional Null substitutions,
 * entity and character references, templates reused by offset, and a bad value type.
 */
import { describe, expect, it } from 'vitest';
import { EvtxReader } from '../../../src/sources/evtx/reader.ts';
import type { EvtxOutput, EvtxProblem, EvtxRecord } from '../../../src/sources/evtx/types.ts';
import { toXml } from '../../../src/sources/evtx/xml.ts';
import { buildChunk, buildFile, FIRST_DEFINITION_AT, le, type TemplateNode, type Value, writeRecordRef, writeRecordXml, Writer } from './build-evtx.ts';

function readAll(file: Uint8Array): { records: EvtxRecord[]; problems: EvtxProblem[] } {
  const reader = new EvtxReader();
  reader.push(file);
  const outputs: EvtxOutput[] = [...reader.drain(), ...reader.end()];
  return {
    records: outputs.flatMap((o) => (o.kind === 'record' ? [o.record] : [])),
    problems: outputs.flatMap((o) => (o.kind === 'problem' ? [o.problem] : [])),
  };
}

/** `<Event><EventData>…template…</EventData></Event>` rendered with `values`. */
function render(template: TemplateNode, values: readonly Value[]): string {
  const event: TemplateNode = { element: 'Event', children: [{ element: 'EventData', children: [template] }] };
  const { records, problems } = readAll(buildFile([buildChunk([{ id: 1, xml: (w) => writeRecordXml(w, event, values) }])]));
  expect(problems).toEqual([]);
  expect(records).toHaveLength(1);
  return toXml(records[0]!.event).replace(/^<Event><EventData>|<\/EventData><\/Event>$|^<Event><EventData\/><\/Event>$/g, '');
}

const data = (type: number): TemplateNode => ({ element: 'Data', children: [{ slot: 0, type }] });
const one = (type: number, bytes: readonly number[]): string => render(data(type), [{ type, bytes }]);

describe('substitution values render as Windows event XML writes them', () => {
  it.each([
    ['String (NUL-terminated)', 0x01, [...le.utf16('abc'), 0, 0], 'abc'],
    ['AnsiString (Windows-1252)', 0x02, [0x41, 0x80, 0xe9, 0], 'A€é'],
    ['Int8', 0x03, [0xff], '-1'],
    ['UInt8', 0x04, [0xff], '255'],
    ['Int16', 0x05, le.u16(0xfffe), '-2'],
    ['UInt16', 0x06, le.u16(0xfffe), '65534'],
    ['Int32', 0x07, le.u32(-5), '-5'],
    ['UInt32', 0x08, le.u32(0xffff_ffff), '4294967295'],
    ['Int64 small', 0x09, le.u64(-1n & 0xffff_ffff_ffff_ffffn), '-1'],
    ['Int64 beyond 2^53', 0x09, le.u64(1n << 60n), '1152921504606846976'],
    ['UInt64 all bits', 0x0a, le.u64(0xffff_ffff_ffff_ffffn), '18446744073709551615'],
    ['Real32', 0x0b, le.f32(0.1), '0.1'],
    ['Real64', 0x0c, le.f64(3.25), '3.25'],
    ['Bool true', 0x0d, le.u32(1), 'true'],
    ['Bool false', 0x0d, le.u32(0), 'false'],
    ['Bool other than 0 and 1', 0x0d, le.u32(0x100), 'true'],
    ['Bool in one byte', 0x0d, [1], 'true'],
    ['Binary (upper-case hex)', 0x0e, [0xde, 0xad, 0x0f], 'DEAD0F'],
    ['GUID', 0x0f, [0x99, 0x8a, 0x6b, 0x90, 0xce, 0x63, 0xd7, 0x58, 0x86, 0xab, 0x10, 0x98, 0x9b, 0xbd, 0x55, 0x67], '{906b8a99-63ce-58d7-86ab-10989bbd5567}'],
    ['SizeT 32-bit', 0x10, le.u32(0x7eec), '0x7eec'],
    ['SizeT 64-bit', 0x10, le.u64(0x1_0000_0000n), '0x100000000'],
    ['FILETIME at the Unix epoch', 0x11, le.u64(116_444_736_000_000_000n + 1_234_567n), '1970-01-01T00:00:00.1234567Z'],
    ['FILETIME after 2038', 0x11, le.u64(116_444_736_000_000_000n + BigInt(Date.UTC(2100, 1, 28, 23, 59, 59)) * 10_000n + 9n), '2100-02-28T23:59:59.0000009Z'],
    ['SYSTEMTIME', 0x12, [2017, 5, 5, 19, 2, 2, 36, 203].flatMap(le.u16), '2017-05-19T02:02:36.203Z'],
    ['SID', 0x13, [1, 5, 0, 0, 0, 0, 0, 5, ...le.u32(21), ...le.u32(1), ...le.u32(2), ...le.u32(3), ...le.u32(500)], 'S-1-5-21-1-2-3-500'],
    ['SID with a 48-bit authority', 0x13, [1, 1, 0x01, 0x02, 0, 0, 0, 5, ...le.u32(7)], 'S-1-0x010200000005-7'],
    ['HexInt32', 0x14, le.u32(0x3e7), '0x3e7'],
    ['HexInt64', 0x15, le.u64(0x8020_0000_0000_0000n), '0x8020000000000000'],
  ] as const)('%s', (_, type, bytes, expected) => {
    expect(one(type, [...bytes])).toBe(`<Data>${expected}</Data>`);
  });

  it('repeats the element once per array item (MS-EVEN6 "Array Types"), an empty string item giving an empty element', () => {
    expect(one(0x81, [...le.utf16('a\0\0b\0'), 0, 0].slice(0, 10))).toBe('<Data>a</Data><Data/><Data>b</Data>');
    expect(one(0x88, [...le.u32(1), ...le.u32(2)])).toBe('<Data>1</Data><Data>2</Data>');
    expect(one(0x94, [...le.u32(0x10), ...le.u32(0xff)])).toBe('<Data>0x10</Data><Data>0xff</Data>');
    expect(one(0x8f, [...new Array(16).fill(0), ...new Array(16).fill(0xab)])).toBe(
      '<Data>{00000000-0000-0000-0000-000000000000}</Data><Data>{abababab-abab-abab-abab-abababababab}</Data>',
    );
    expect(one(0x81, [...le.utf16('only'), 0, 0])).toBe('<Data>only</Data>');
  });

  it('an array in an attribute repeats the element too', () => {
    const template: TemplateNode = { element: 'Item', attributes: [['n', [{ slot: 0, type: 0x84 }]]] };
    expect(render(template, [{ type: 0x84, bytes: [7, 8] }])).toBe("<Item n='7'/><Item n='8'/>");
  });

  it('two arrays in one element multiply, up to a bound a hostile record cannot pass', () => {
    const template: TemplateNode = { element: 'Pair', attributes: [['a', [{ slot: 0, type: 0x84 }]], ['b', [{ slot: 1, type: 0x84 }]]] };
    expect(render(template, [{ type: 0x84, bytes: [1, 2] }, { type: 0x84, bytes: [3, 4, 5] }])).toBe(
      "<Pair a='1' b='3'/><Pair a='1' b='4'/><Pair a='1' b='5'/><Pair a='2' b='3'/><Pair a='2' b='4'/><Pair a='2' b='5'/>",
    );
    const event: TemplateNode = { element: 'Event', children: [template] };
    const big: Value = { type: 0x84, bytes: new Array(200).fill(1) };
    const { records, problems } = readAll(buildFile([buildChunk([{ id: 3, xml: (w) => writeRecordXml(w, event, [big, big]) }])]));
    expect(records).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ recordId: 3, records: 1, reason: expect.stringContaining('array values would repeat <Pair> 40000 times') })]);
  });

  it('a template whose instance points back into its own definition is an error, not endless recursion', () => {
    // The definition's content is a template instance whose definition offset is the definition itself.
    const selfRef: TemplateNode = { raw: (w) => w.u8(0x0c).u8(1).u32(0).u32(FIRST_DEFINITION_AT).u32(0) };
    const { records, problems } = readAll(buildFile([buildChunk([{ id: 4, xml: (w) => writeRecordXml(w, { element: 'Event', children: [selfRef] }, []) }])]));
    expect(records).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ recordId: 4, reason: expect.stringContaining(`template at offset ${FIRST_DEFINITION_AT} refers to itself`) })]);
  });

  it('names an unknown value type in a problem and keeps reading the next record', () => {
    const event: TemplateNode = { element: 'Event', children: [{ slot: 0, type: 0x01 }] };
    const file = buildFile([
      buildChunk([
        { id: 7, xml: (w) => writeRecordXml(w, event, [{ type: 0x33, bytes: [1] }]) },
        { id: 8, xml: (w) => writeRecordRef(w, FIRST_DEFINITION_AT, [{ type: 0x01, bytes: le.utf16('fine') }]) },
      ]),
    ]);
    const { records, problems } = readAll(file);
    expect(records.map((r) => [r.recordId, toXml(r.event)])).toEqual([[8, '<Event>fine</Event>']]);
    expect(problems).toEqual([expect.objectContaining({ chunk: 0, recordId: 7, records: 1, reason: expect.stringMatching(/^record 7: unknown value type 0x33/) })]);
  });
});

describe('templates', () => {
  const event: TemplateNode = {
    element: 'Event',
    children: [
      { element: 'Version', children: [{ slot: 0, type: 0x04, optional: true }] },
      { element: 'Security', attributes: [['UserID', [{ slot: 1, type: 0x13, optional: true }]]] },
      { element: 'Plain', children: [{ slot: 2, type: 0x01 }] },
      { slot: 3, type: 0x21, optional: true },
    ],
  };
  const nulls: Value[] = [
    { type: 0, bytes: [] },
    { type: 0, bytes: [] },
    { type: 0, bytes: [] },
    { type: 0, bytes: [] },
  ];

  it('an optional Null removes its attribute, and its element when it was all the content; a normal Null renders empty', () => {
    const { records } = readAll(buildFile([buildChunk([{ id: 1, xml: (w) => writeRecordXml(w, event, nulls) }])]));
    expect(toXml(records[0]!.event)).toBe('<Event><Security/><Plain/></Event>');
  });

  it('reuses a definition by offset, and expands nested BinXML values with their own template instance', () => {
    // A nested fragment is record data: its elements carry no dependency id, its names are chunk offsets.
    const userData: TemplateNode = { element: 'UserData', children: [{ element: 'Inner', attributes: [['a', ['x&', { raw: (r) => r.u8(0x08).u16(0x41) }]]] }] };
    const values: Value[] = [
      { type: 0x04, bytes: [2] },
      { type: 0x13, bytes: [1, 1, 0, 0, 0, 0, 0, 5, ...le.u32(18)] },
      { type: 0x01, bytes: le.utf16('p') },
      { type: 0x21, bytes: (w) => writeRecordXml(w, userData, []) },
    ];
    const chunk = buildChunk([
      { id: 1, xml: (w) => writeRecordXml(w, event, nulls) },
      { id: 2, xml: (w) => writeRecordRef(w, FIRST_DEFINITION_AT, values) },
    ]);
    const { records, problems } = readAll(buildFile([chunk]));
    expect(problems).toEqual([]);
    expect(toXml(records[1]!.event)).toBe("<Event><Version>2</Version><Security UserID='S-1-5-18'/><Plain>p</Plain><UserData><Inner a='x&amp;A'/></UserData></Event>");
  });

  it('a nested BinXML value of zeros is left out and named: the rest of the record is yielded', () => {
    const values: Value[] = [{ type: 0x04, bytes: [2] }, { type: 0x13, bytes: [1, 0, 0, 0, 0, 0, 0, 5] }, { type: 0x01, bytes: [] }, { type: 0x21, bytes: new Array(40).fill(0) }];
    const { records, problems } = readAll(buildFile([buildChunk([{ id: 5, xml: (w) => writeRecordXml(w, event, values) }])]));
    expect(records.map((r) => toXml(r.event))).toEqual(["<Event><Version>2</Version><Security UserID='S-1-5'/><Plain/></Event>"]);
    expect(problems).toEqual([
      expect.objectContaining({ recordId: 5, records: 0, reason: expect.stringMatching(/^record 5: the BinXML value at chunk offset \d+ \(40 bytes\) holds no element \(zeroed\?\): left out$/) }),
    ]);
  });

  it('decodes entity and character references, CDATA, and leaves processing instructions out', () => {
    const raw = (f: (w: Writer) => void): TemplateNode => ({ raw: f });
    const template: TemplateNode = {
      element: 'Data',
      children: [
        'a',
        raw((w) => w.u8(0x09).name('quot')),
        raw((w) => w.u8(0x49).name('unknown')),
        raw((w) => w.u8(0x08).u16(0x263a)),
        raw((w) => w.u8(0x07).u16(2).utf16('<>')),
        raw((w) => w.u8(0x0a).name('pi').u8(0x0b).u16(4).utf16('data')),
        'z',
      ],
    };
    expect(render(template, [])).toBe('<Data>a"&amp;unknown;☺&lt;&gt;z</Data>');
  });
});

describe('past the free-space offset', () => {
  const event = (id: number) => ({ id, xml: (w: Writer) => writeRecordXml(w, { element: 'Event', children: [`r${id}`] }, []) });
  /** A chunk whose header was last updated before its final record (a log never closed), or whose final bytes are an older record (slack). */
  function lagging(lastId: number): Uint8Array {
    const chunk = buildChunk([event(1), event(2), event(lastId)]);
    const view = new DataView(chunk.buffer);
    const third = view.getUint32(44, true);
    view.setUint32(48, third, true); // free space ends before the last record
    view.setUint32(16, 2, true);
    view.setUint32(32, 2, true);
    return chunk;
  }

  it('a record the header does not count yet, continuing its ids, is read', () => {
    const { records } = readAll(buildFile([lagging(3)], 1));
    expect(records.map((r) => toXml(r.event))).toEqual(['<Event>r1</Event>', '<Event>r2</Event>', '<Event>r3</Event>']);
  });

  it('an older record left there (slack) is not', () => {
    const { records, problems } = readAll(buildFile([lagging(1000)], 1));
    expect(records.map((r) => r.recordId)).toEqual([1, 2]);
    expect(problems.filter((p) => p.records > 0)).toEqual([]);
  });
});
