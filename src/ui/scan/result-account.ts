/** The scan account of a finished scan as the app shows it (scan panel, no-alerts statement), from its saved result. */
import { accountScan, type ScanAccount } from '../../engine/output/scan-account.ts';
import { describedFiles } from '../../sources/describe.ts';
import type { ScanResult } from '../scan-client.ts';

export function resultAccount(result: ScanResult): ScanAccount {
  return accountScan(describedFiles(result.files), result.stats);
}
