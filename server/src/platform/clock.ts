/** Time is a dependency: services ask the clock, tests move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and advance. */
export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date | string = new Date()) {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(d: Date | string): void {
    this.t = new Date(d).getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export const iso = (d: Date): string => d.toISOString();

/** China has one time zone, UTC+8, without daylight saving: local dates and times are a fixed shift. */
const CHINA_OFFSET_MS = 8 * 3_600_000;

export interface LocalTime {
  /** YYYY-MM-DD in Asia/Shanghai */
  date: string;
  /** HH:MM in Asia/Shanghai */
  time: string;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
}

export function chinaLocal(d: Date): LocalTime {
  const shifted = new Date(d.getTime() + CHINA_OFFSET_MS);
  const iso = shifted.toISOString();
  const wd = shifted.getUTCDay();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16), weekday: wd === 0 ? 7 : wd };
}

/** The instant of a local date and HH:MM in Asia/Shanghai. */
export function chinaInstant(date: string, time: string): Date {
  return new Date(new Date(`${date}T${time}:00.000Z`).getTime() - CHINA_OFFSET_MS);
}
