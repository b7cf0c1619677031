/** What the parent asks the load process to do (over IPC). */
export interface LoadPlan {
  /** One base URL per server process; clients are spread over them. */
  urls: string[];
  kind: 'mixed' | 'unknown' | 'race' | 'presets';
  clients: number;
  /** Requests per client ('mixed', 'unknown'), or iterations ('race'). */
  perClient: number;
  /** 'mixed': share of writes; the rest are reads. */
  writeRatio?: number;
  /** 'mixed': share of oversize writes (POST /big). */
  bigRatio?: number;
  /** 'unknown': anonymous POST /logout requests, on top. */
  logouts?: number;
  /** 'presets': cookies to read, and whether each holds `seed`; read until `durationMs`. */
  presets?: { cookie: string; live: boolean }[];
  durationMs?: number;
  /** Pause between a client's requests. */
  paceMs?: number;
  /** A request still unanswered after this is counted as hung (status 0). */
  timeoutMs: number;
}

/** One request as the client saw it. Times are epoch ms. */
export interface Sample {
  client: number;
  kind: 'w' | 'r' | 'x' | 'big' | 'slow';
  id?: string;
  t0: number;
  t1: number;
  /** HTTP status; 0 when the request failed or hung. */
  status: number;
  /** 'presets': the answer disagreed with the preset (an expired session served, or a live one lost). */
  wrong?: boolean;
}

/** 'race' iterations: the cookie both requests used, and what the slow write got back. */
export interface RaceOutcome {
  oldCookie: string;
  slowStatus: number;
  slowSetCookie: string | null;
}

export interface LoadResult {
  samples: Sample[];
  /** Each client's cookie at the end ('mixed'). */
  finalCookies: (string | null)[];
  races: RaceOutcome[];
}
