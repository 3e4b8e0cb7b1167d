/**
 * Where the time of a browser's pull goes: a Chromium CPU profile of the page (taken through
 * Playwright's CDP session) summed into the stages of the sync's path, by the functions on each
 * sample's stack. Function names are the source's only in a bundle built without minifying,
 * which `--profile` asks for.
 */

/** What is read of a CDP `Profiler.Profile`. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string };
    readonly children?: readonly number[];
  }[];
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

/**
 * The stages, first match wins: a sample belongs to the first stage one of whose functions is on
 * its stack (anywhere), so that a snapshot's IndexedDB writes count as the snapshot's, say.
 */
const STAGES: readonly { readonly stage: string; readonly functions: readonly string[] }[] = [
  { stage: 'snapshot writes', functions: ['writeSnapshot', 'snapshotNow', 'writeIndexSnapshot'] },
  { stage: 'fold into the views', functions: ['drain', 'receive'] },
  { stage: 'check pulled events', functions: ['serverEventsOf'] },
  { stage: 'find their JSON in the page', functions: ['serverTextsOf'] },
  { stage: 'encode chunk records', functions: ['sealedChunkOf', 'chunkRecords', 'toRecord'] },
  {
    stage: 'store checks (ids, versions, claims)',
    functions: ['classifyNow', 'checkPlacements', 'storedDuplicates'],
  },
  { stage: 'IndexedDB calls', functions: ['mutate', 'bulkAdd', 'bulkPut'] },
  // After the fold: an `apply` left is the store's index taking the events.
  {
    stage: 'store: rest (index, transaction)',
    functions: ['acceptServerEvents', 'writeEvents', 'storedEventOf', 'apply'],
  },
  {
    stage: 'sync engine: rest (fetch, decode, parse)',
    functions: ['catchUp', 'accept', 'pull', 'reply', 'request'],
  },
];
/** Time the profiler gives no JavaScript stack. */
const NATIVE: Readonly<Record<string, string>> = {
  '(garbage collector)': 'garbage collection',
  '(program)': 'native, no JS stack (response bodies, IndexedDB)',
  '(idle)': 'idle (waiting for the server, IndexedDB)',
};
const OTHER = 'other JavaScript';

/** Milliseconds per stage over the whole profile, in the order above. */
export function stagesOf(profile: CpuProfile): Map<string, number> {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parents.set(child, node.id);
  const stageOfNode = new Map<number, string>();
  const stageOf = (id: number): string => {
    const known = stageOfNode.get(id);
    if (known !== undefined) return known;
    const names = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at))
      names.add(nodes.get(at)?.callFrame.functionName ?? '');
    const leaf = nodes.get(id)?.callFrame.functionName ?? '';
    const stage =
      NATIVE[leaf] ??
      STAGES.find(({ functions }) => functions.some((name) => names.has(name)))?.stage ??
      OTHER;
    stageOfNode.set(id, stage);
    return stage;
  };
  const totals = new Map<string, number>(
    [...STAGES.map(({ stage }) => stage), ...Object.values(NATIVE), OTHER].map((s) => [s, 0]),
  );
  const { samples = [], timeDeltas = [] } = profile;
  // Each sample stands for the time until the next one.
  samples.forEach((id, i) => {
    const stage = stageOf(id);
    totals.set(stage, (totals.get(stage) ?? 0) + (timeDeltas[i + 1] ?? 0) / 1000);
  });
  return totals;
}

/** The stages as rows of ms per 10,000 events pulled, for console.table. */
export function stageRows(
  profile: CpuProfile,
  events: number,
): { stage: string; msPer10kEvents: number; share: string }[] {
  const totals = stagesOf(profile);
  const all = [...totals.values()].reduce((sum, ms) => sum + ms, 0);
  const rows = [...totals].map(([stage, ms]) => ({
    stage,
    msPer10kEvents: Number(((ms * 10_000) / events).toFixed(1)),
    share: `${((ms / all) * 100).toFixed(0)}%`,
  }));
  rows.push({
    stage: 'all',
    msPer10kEvents: Number(((all * 10_000) / events).toFixed(1)),
    share: '100%',
  });
  return rows;
}
