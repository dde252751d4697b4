/**
 * Readers for the coordinator: the intake API in this thread (a pool of one), or a pool worker
 * behind Comlink on a MessagePort. Candidates cross as one string per batch (candidate-codec.ts).
 */
import * as Comlink from 'comlink';
import type { EventsFormat } from '../ingest/derived-events.ts';
import type { FileProgressCounters, IntakeApi, IntakeReply, IntakeTask } from './intake-api.ts';
import type { IntakeReader, ScanFile } from './scan-run.ts';
import type { ScanPlan } from './scan-plan.ts';

export function localReader(api: IntakeApi): IntakeReader {
  return {
    inThread: true,
    checkRules: async (rules, next) => api.checkRules(rules, next),
    prepare: async (plan, checks) => api.prepare(plan, checks),
    run: (task, onProgress) => api.run(task, onProgress),
    pull: (index) => api.pull(index),
    processEventsKept: async () => api.processEventsKept(),
    release: async () => api.release(),
    events: (file, format) => api.events(file, format),
  };
}

/** What a pool worker exposes on the port it is given: the intake API. */
export function exposeIntakeApi(api: IntakeApi, port: Comlink.Endpoint): void {
  const exposed = {
    checkRules: (rules: Pick<ScanPlan, 'rules' | 'disabled'>, next: Int32Array) => api.checkRules(rules, next),
    prepare: (plan: ScanPlan) => api.prepare(plan),
    processEventsKept: () => api.processEventsKept(),
    release: () => api.release(),
    events: (file: ScanFile, format: EventsFormat) => api.events(file, format),
    run: (task: IntakeTask, onProgress?: (progress: FileProgressCounters) => void) => api.run(task, onProgress),
    pull: (index: number) => api.pull(index),
  };
  Comlink.expose(exposed, port);
}

/** `port`: a MessagePort in the browser, a worker_threads endpoint behind the CLI (cli/reader-pool.ts). */
export function remoteReader(port: Comlink.Endpoint): IntakeReader {
  const remote = Comlink.wrap<IntakeApi>(port);
  return {
    checkRules: (rules, next) => remote.checkRules(rules, next),
    prepare: (plan) => remote.prepare(plan),
    run: (task, onProgress) => remote.run(task, Comlink.proxy(onProgress)),
    pull: (index) => remote.pull(index) as Promise<IntakeReply>,
    processEventsKept: () => remote.processEventsKept(),
    release: () => remote.release(),
    events: (file, format) => remote.events(file, format),
  };
}
