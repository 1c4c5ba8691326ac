/**
 * Where a bench thread's CPU goes while a phase runs: the V8 sampling profiler of the thread that calls
 * it (the main thread runs the subgraphs and drivers; the gateway worker profiles itself the same way; the
 * load generator is not profiled). Self time is grouped into areas a reader can act on.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const areas: [string, RegExp][] = [
  [
    'gateway: query planning, fetch, result shaping',
    /@apollo\/(gateway|federation-internals|query-planner)|make-fetch-happen|minipass|@gar\/promise-retry|agent-base|supergraph\//,
  ],
  [
    'subgraph code (catalog, commerce, inventory, accounting, identity)',
    /subgraphs\/(catalog|commerce|inventory|accounting|identity)\//,
  ],
  ['kit (cache, authz, context, http)', /subgraphs\/kit\/|lru-cache/],
  ['graphql execution (graphql-js)', /node_modules\/graphql\//],
  ['apollo server (request pipeline, plugins)', /@apollo\/server|@apollo\/utils|@opentelemetry/],
  ['database driver (postgres.js, drizzle)', /node_modules\/(postgres|drizzle-orm)\//],
  ['tokens (jose)', /node_modules\/jose\//],
  ['redis (ioredis)', /node_modules\/ioredis\//],
];

function areaOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  for (const [name, pattern] of areas) if (pattern.test(url)) return name;
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)') return 'V8 / native (program)';
  if (url.startsWith('node:') || !url) return 'node core (http, net, streams, JSON, timers)';
  return 'other';
}

export interface RunningProfile {
  /** Stops sampling; with `saveAs`, also writes the raw profile there (open it in Chrome DevTools). */
  stop(saveAs?: string): Promise<string[]>;
}

/** Starts sampling this thread; `thread` names it in the summary. */
export async function startProfile(thread: string): Promise<RunningProfile> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    async stop(saveAs) {
      try {
        const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
        if (saveAs) await writeFile(saveAs, JSON.stringify(profile));
        return summarise(profile, thread);
      } finally {
        session.disconnect();
      }
    },
  };
}

/** Profiles `work` on this thread; with `saveAs`, also writes the raw profile there. */
export async function profileDuring<T>(
  work: () => Promise<T>,
  saveAs?: string,
  thread = 'backend thread',
): Promise<{ result: T; summary: string[] }> {
  const running = await startProfile(thread);
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await running.stop();
    throw error;
  }
  return { result, summary: await running.stop(saveAs) };
}

const generic = new Set(['node core (http, net, streams, JSON, timers)', 'other', 'V8 / native (program)']);

/**
 * Node core frames (sockets, JSON, streams) are charged to the nearest caller in a known area, so
 * "writing the response" counts for whoever wrote it (the gateway's fetch, a subgraph's server, ...).
 */
function responsibleArea(id: number, byId: Map<number, ProfileNode>, parentOf: Map<number, number>): string {
  const own = areaOf(byId.get(id) as ProfileNode);
  if (!generic.has(own)) return own;
  for (let at = parentOf.get(id); at !== undefined; at = parentOf.get(at)) {
    const area = areaOf(byId.get(at) as ProfileNode);
    if (!generic.has(area) && area !== 'idle' && area !== 'garbage collection') return `${area} (in node core)`;
  }
  return own;
}

function summarise(profile: Profile, thread: string): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const selfTime = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) {
    selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...selfTime.values()].reduce((a, b) => a + b, 0) || 1;
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, time] of selfTime) {
    const node = byId.get(id) as ProfileNode;
    const area = responsibleArea(id, byId, parentOf);
    byArea.set(area, (byArea.get(area) ?? 0) + time);
    const where = node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/\/work\/main\//, '');
    const name = `${node.callFrame.functionName || '(anonymous)'} ${where}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + time);
  }
  const pct = (t: number) => `${((t / total) * 100).toFixed(1).padStart(5)} %`;
  const top = (map: Map<string, number>, n: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
  return [
    `CPU profile of the ${thread}, ${(total / 1e6).toFixed(1)} s sampled; self time by area:`,
    ...top(byArea, 24).map(([k, t]) => `   ${pct(t)}  ${k}`),
    'busiest functions (self time):',
    ...top(byFunction, 12).map(([k, t]) => `   ${pct(t)}  ${k}`),
  ];
}
