/**
 * Windows event logs (.evtx): a streaming parser (no WebAssembly, no host APIs; runs in Web
 * Workers and in Node) and the Winlogbeat-shaped rendering of its records. See docs/evtx.md.
 */
export { isEvtx } from './file-header.ts';
export { EvtxReader, readEvtx } from './reader.ts';
export type { EvtxFileHeader, EvtxOutput, EvtxProblem, EvtxRecord, EvtxSummary } from './types.ts';
export { toWinlogbeat, type WinlogbeatOptions } from './winlogbeat.ts';
export { attribute, childElement, childElements, ownText, toXml, type XmlAttribute, type XmlElement, type XmlNode } from './xml.ts';
