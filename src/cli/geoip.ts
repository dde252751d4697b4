/**
 * `--geoip FILE` (scan, events): MaxMind databases (GeoLite2/GeoIP2 City or Country, and ASN) the
 * cloud sources enrich `source.geo.*`/`source.as.*` with, as Elastic's integrations do with
 * Elasticsearch's geoip processor. Read whole (a City database is about 60 MB); a file that is
 * not such a database is a usage error naming it.
 */
import { readFile } from 'node:fs/promises';
import { openGeoIp, type GeoIpDatabases, type GeoIpFile } from '../sources/common/geoip/enrich.ts';
import type { OptionSpec } from './args.ts';
import { UsageError } from './args.ts';
import { reasonOf } from './files.ts';

export const GEOIP_OPTION: OptionSpec = {
  type: 'string',
  multiple: true,
  description: 'MaxMind .mmdb database (GeoLite2/GeoIP2 City or Country, and ASN) for source.geo.* and source.as.*, as Elastic enriches cloud logs',
};

export interface LoadedGeoIp {
  readonly files: readonly GeoIpFile[];
  readonly databases: GeoIpDatabases | undefined;
}

export async function loadGeoIp(paths: readonly string[], command: string): Promise<LoadedGeoIp> {
  if (paths.length === 0) return { files: [], databases: undefined };
  const files: GeoIpFile[] = [];
  for (const path of paths) {
    try {
      files.push({ name: path, bytes: new Uint8Array(await readFile(path)) });
    } catch (error) {
      throw new UsageError(`${command}: --geoip ${path}: ${reasonOf(error)}`);
    }
  }
  try {
    return { files, databases: openGeoIp(files) };
  } catch (error) {
    throw new UsageError(`${command}: --geoip ${error instanceof Error ? error.message : String(error)}`);
  }
}
