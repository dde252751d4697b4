/**
 * Evidence offered for a case, checked against its manifest: a file is the case's only when its
 * SHA-256 is the one recorded. Matched by path as dropped, else by file name when only one
 * evidence file has it (a colleague may drop the files from another folder).
 */
import type { CaseEvidence } from './manifest.ts';

export interface OfferedFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

export type EvidenceVerdict =
  | { readonly evidence: CaseEvidence; readonly status: 'verified'; readonly offered: OfferedFile }
  | { readonly evidence: CaseEvidence; readonly status: 'changed'; readonly offered: OfferedFile }
  | { readonly evidence: CaseEvidence; readonly status: 'missing' };

export interface EvidenceCheck {
  readonly verdicts: readonly EvidenceVerdict[];
  /** Offered files that are no evidence of the case (by name or by digest). */
  readonly unrelated: readonly OfferedFile[];
  /** Every evidence file verified. */
  readonly complete: boolean;
}

const baseName = (path: string): string => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

export function checkEvidence(expected: readonly CaseEvidence[], offered: readonly OfferedFile[]): EvidenceCheck {
  const used = new Set<OfferedFile>();
  const nameCounts = new Map<string, number>();
  for (const evidence of expected) nameCounts.set(baseName(evidence.path), (nameCounts.get(baseName(evidence.path)) ?? 0) + 1);
  const pick = (evidence: CaseEvidence): OfferedFile | undefined => {
    const free = offered.filter((file) => !used.has(file));
    // A file with the recorded digest is the evidence, whatever its name now.
    return (
      free.find((file) => file.sha256 === evidence.sha256 && file.path === evidence.path) ??
      free.find((file) => file.sha256 === evidence.sha256) ??
      free.find((file) => file.path === evidence.path) ??
      (nameCounts.get(baseName(evidence.path)) === 1 ? free.find((file) => baseName(file.path) === baseName(evidence.path)) : undefined)
    );
  };
  const verdicts = expected.map((evidence): EvidenceVerdict => {
    const file = pick(evidence);
    if (file === undefined) return { evidence, status: 'missing' };
    used.add(file);
    return { evidence, status: file.sha256 === evidence.sha256 ? 'verified' : 'changed', offered: file };
  });
  return { verdicts, unrelated: offered.filter((file) => !used.has(file)), complete: verdicts.every((verdict) => verdict.status === 'verified') };
}
