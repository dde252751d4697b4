/**
 * A reader's inflate worker: raw DEFLATE for gzip members on the port the page hands it (its first
 * message), so the reader scans lines while the next slices inflate on another core (see
 * ingest/containers/inflate-service.ts). The page starts it, so both builds bundle it like the
 * other workers.
 */
import { serveInflate, type InflatePort } from '../ingest/containers/inflate-service.ts';

self.addEventListener('message', (event: MessageEvent) => serveInflate(event.data as InflatePort), { once: true });
