/**
 * Reads a V8 CPU profile (node --cpu-prof) and says where the time went: self time by
 * area (our code, each library, Node internals, garbage collection, idle) and the busiest
 * functions.
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  areas: { area: string; ms: number }[];
  functions: { name: string; area: string; ms: number }[];
}

/** The part of the system a frame belongs to: a package, our source folder, or V8's own. */
function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  if (url.startsWith('wasm://')) return 'PGlite (wasm)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const ours = /\/(src\/[^/]+\/[^/]+)\//.exec(url);
  return ours ? ours[1] : url.replace(/^.*\//, '');
}

/**
 * Self time by area and function. With windows (µs on the monotonic clock, which V8's
 * profiles share with process.hrtime), only samples inside them count: the load, not start-up.
 */
export function summariseProfile(file: string, windows: [number, number][] = [], top = 15): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  const inWindow = (at: number) => !windows.length || windows.some(([from, to]) => at >= from && at <= to);
  // Each sample's time is the delta to the next one; attribute it to the sampled node.
  let at = profile.startTime;
  for (let index = 0; index < profile.samples.length; index++) {
    at += profile.timeDeltas[index];
    if (!inWindow(at)) continue;
    const delta = (profile.timeDeltas[index + 1] ?? 0) / 1000;
    selfMs.set(profile.samples[index], (selfMs.get(profile.samples[index]) ?? 0) + delta);
  }
  const areas = new Map<string, number>();
  const functions = new Map<string, { name: string; area: string; ms: number }>();
  let totalMs = 0;
  for (const [id, ms] of selfMs) {
    const frame = byId.get(id)!.callFrame;
    const area = areaOf(frame.url, frame.functionName);
    areas.set(area, (areas.get(area) ?? 0) + ms);
    const name = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/(node_modules|src)\//, '$1/')}:${frame.lineNumber + 1}`;
    const entry = functions.get(name) ?? { name, area, ms: 0 };
    entry.ms += ms;
    functions.set(name, entry);
    totalMs += ms;
  }
  return {
    totalMs,
    areas: [...areas].map(([area, ms]) => ({ area, ms })).sort((a, b) => b.ms - a.ms),
    functions: [...functions.values()].sort((a, b) => b.ms - a.ms).slice(0, top),
  };
}

export function formatProfile(summary: ProfileSummary): string {
  const share = (ms: number) => `${((ms / summary.totalMs) * 100).toFixed(1).padStart(5)} %`;
  const lines = [`CPU self time, ${(summary.totalMs / 1000).toFixed(1)} s sampled:`];
  for (const area of summary.areas.slice(0, 15)) lines.push(`  ${share(area.ms)}  ${area.area}`);
  lines.push('Busiest functions:');
  for (const fn of summary.functions) lines.push(`  ${share(fn.ms)}  ${fn.name}`);
  return lines.join('\n');
}
