/** MANIFEST.json of a bundled pack: where its rules came from, what it holds, and what Loupe cannot run. */
export interface PackManifest {
  readonly pack: string;
  readonly title: string;
  readonly source: {
    readonly repository: string;
    readonly commit?: string;
    /** The release's own version (detection-rules' pyproject.toml). */
    readonly version?: string;
    /** Base name of what `npm run rules:update` read. */
    readonly input: string;
  };
  /** Date the pack was generated (ISO). */
  readonly generated: string;
  readonly licence: string;
  readonly selection: string;
  readonly counts: {
    readonly rules: number;
    readonly runnable: number;
    readonly not_runnable: number;
    readonly building_blocks: number;
    readonly by_type: Readonly<Record<string, number>>;
    readonly by_os: Readonly<Record<string, number>>;
  };
  /** The rule shards (rules-NN.ndjson) in pack order: one after another they are the pack's NDJSON. */
  readonly files: readonly { readonly name: string; readonly bytes: number; readonly sha256: string }[];
  /** Rules Loupe lists but cannot run (ES|QL, machine learning, indicator match...), with `loupe check`'s reason. */
  readonly not_runnable: readonly { readonly rule_id: string; readonly name: string; readonly type: string; readonly status: string; readonly reason: string }[];
}
