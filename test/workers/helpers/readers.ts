import { createIntakeApi } from '../../../src/workers/intake-api.ts';
import { exposeIntakeApi, localReader, remoteReader } from '../../../src/workers/readers.ts';
import type { IntakeReader } from '../../../src/workers/scan-run.ts';

/**
 * `count` readers as the scan worker sees them: one in-thread reader for a pool of one, else
 * each behind Comlink on its own MessageChannel, as pool workers are (same thread here, so the
 * tests check the protocol and ordering, not parallel speed).
 */
export function readers(count: number): { readers: IntakeReader[]; close(): void } {
  if (count === 1) return { readers: [localReader(createIntakeApi())], close: () => undefined };
  const channels = Array.from({ length: count }, () => new MessageChannel());
  for (const channel of channels) exposeIntakeApi(createIntakeApi(), channel.port2);
  return {
    readers: channels.map((channel) => remoteReader(channel.port1)),
    close: () => channels.forEach((channel) => (channel.port1.close(), channel.port2.close())),
  };
}
