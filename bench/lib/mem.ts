import { readFileSync } from 'node:fs';

// Memory of a child process that may exit while it is sampled (proc.ts's RssSampler throws then).

export interface MemStatus {
  rssMB: number;
  /** VmHWM: the kernel's own peak-RSS high-water mark of the process (all its threads). */
  hwmMB: number;
}

/** VmRSS and VmHWM of a process in MB, or null once it has exited. */
export function memStatus(pid: number): MemStatus | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const rss = /^VmRSS:\s+(\d+) kB$/m.exec(text);
  const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(text);
  if (!rss || !hwm) return null; // a zombie has no memory lines
  return { rssMB: Number(rss[1]) / 1024, hwmMB: Number(hwm[1]) / 1024 };
}

/**
 * Samples a process's VmRSS/VmHWM on a timer until stop() or until it exits. The peak is the larger of
 * the highest sampled VmRSS and the last VmHWM seen (VmHWM only grows, so it also covers peaks between
 * samples, up to the last sample).
 */
export class MemSampler {
  private peakRss = 0;
  private lastHwm = 0;
  private samples = 0;
  private readonly timer: NodeJS.Timeout;
  /** [epoch ms, rss MB] every `timelineEvery`-th sample, to place the peak in time. */
  readonly timeline: Array<[number, number]> = [];

  constructor(private readonly pid: number, intervalMs = 20, private readonly timelineEvery = 5) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  sample(): void {
    const m = memStatus(this.pid);
    if (!m) return;
    this.samples++;
    if (m.rssMB > this.peakRss) this.peakRss = m.rssMB;
    this.lastHwm = m.hwmMB;
    if (this.samples % this.timelineEvery === 1) this.timeline.push([Date.now(), Math.round(m.rssMB)]);
  }

  stop(): { peakRssMB: number; hwmMB: number; peakMB: number; samples: number } {
    this.sample();
    clearInterval(this.timer);
    return { peakRssMB: this.peakRss, hwmMB: this.lastHwm, peakMB: Math.max(this.peakRss, this.lastHwm), samples: this.samples };
  }
}
