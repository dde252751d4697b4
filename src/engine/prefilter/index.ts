/** The literal prefilter: see prefilter.ts and notes/throughput.md. */
export { compilePrefilter, type Prefilter, type RuleMask } from './prefilter.ts';
