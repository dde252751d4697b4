/** Bytes that do not follow the EVTX format; caught per record or chunk and reported as a problem. */
export class EvtxFormatError extends Error {
  override readonly name = 'EvtxFormatError';
}
