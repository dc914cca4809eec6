import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ: 100 on Linux). */
const USER_HZ = 100;

/** CPU time (user + system, ms) of a process and its threads so far, from /proc; undefined off Linux. */
function cpuMsOf(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime + stime) ? ((utime + stime) * 1000) / USER_HZ : undefined;
  } catch {
    return undefined;
  }
}

/** The emulators `bench/run.ts` started, from BENCH_EMULATOR_PIDS (`name=pid,…`). */
export function emulatorPids(): { name: string; pid: number }[] {
  return (process.env.BENCH_EMULATOR_PIDS ?? '').split(',').flatMap((e) => {
    const [name, pid] = e.split('=');
    return name && Number(pid) > 0 ? [{ name, pid: Number(pid) }] : [];
  });
}

/** Starts counting the CPU the emulators spend from now; `stop()` gives ms per emulator since. */
export function emulatorCpu(): { stop(): { name: string; ms: number }[] } {
  const pids = emulatorPids();
  const before = pids.map((p) => cpuMsOf(p.pid));
  return {
    stop: () =>
      pids.flatMap((p, i) => {
        const [a, b] = [before[i], cpuMsOf(p.pid)];
        return a === undefined || b === undefined ? [] : [{ name: p.name, ms: b - a }];
      }),
  };
}
