import { readdirSync, readFileSync } from 'node:fs';

/** What Linux's /proc says about a process and everything it started (Linux only, as the benches are). */

/** The fields of /proc/<pid>/stat after the command, which is in parentheses and may hold spaces. */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** `root` and every process below it (children, grandchildren…). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(statFields(Number(entry))[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // Gone meanwhile.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i] as number) ?? []));
  return tree;
}

const sum = (pids: number[], of: (pid: number) => number) =>
  pids.reduce((total, pid) => {
    try {
      return total + of(pid);
    } catch {
      return total; // Gone meanwhile.
    }
  }, 0);

/** Resident set of a process tree, in MB (what a container's memory limit is charged with, near enough). */
export const treeRssMb = (root: number): number =>
  sum(processTree(root), (pid) =>
    Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0),
  ) / 1024;

/** CPU time a process tree has used so far (user + system, every thread), in ms; Linux counts in 10 ms ticks. */
export const treeCpuMs = (root: number): number =>
  sum(processTree(root), (pid) => {
    const fields = statFields(pid);
    return (Number(fields[11]) + Number(fields[12])) * 10;
  });

/**
 * The most each process of the tree was ever resident, summed, in MB (VmHWM): a peak that sampling
 * RSS now and then misses, such as one that lasts a second. The server is one process (its
 * threads share it), so for it this is its peak since it started.
 */
export const treePeakMb = (root: number): number =>
  sum(processTree(root), (pid) =>
    Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0),
  ) / 1024;
