/**
 * CPU time spent by a process and its children, from /proc (Linux). On a shared, noisy
 * machine throughput moves with the neighbours' load, but the CPU milliseconds each part
 * spends per ticket hardly do: they say where the cores go.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

interface Stat {
  ppid: number;
  /** user + system time of the process itself, in clock ticks. */
  own: number;
  /** user + system time of its children that have exited and been waited for. */
  reaped: number;
}

function readStat(pid: number): Stat | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses; the fields start after the last ")".
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), own: Number(fields[11]) + Number(fields[12]), reaped: Number(fields[13]) + Number(fields[14]) };
  } catch {
    return undefined; // gone, or not Linux
  }
}

export const cpuAvailable = (): boolean => fs.existsSync('/proc/self/stat');

/** CPU milliseconds of a process, its live children and its reaped children, so far. */
export function treeCpuMs(pid: number): number {
  const root = readStat(pid);
  if (!root) return Number.NaN;
  let ticks = root.own + root.reaped;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat?.ppid === pid) ticks += stat.own;
  }
  return (ticks / clockTicks()) * 1000;
}

/** The postmaster's pid of a PostgreSQL data directory (first line of postmaster.pid). */
export function postmasterPid(dataDir: string): number {
  return Number(fs.readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
}

/** This process's own CPU milliseconds (the load generator, or the raw writer). */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
