import type { GoSettings } from './settings.js';
import { goStopsEarly, INSECURE_FLAG_REMOVED, matchesGlobList, parseGoSumdb, proxyEntryUrl, type GoTarget } from './targets.js';

/**
 * What `go get` would conclude, given which endpoints pass Go's TLS check (pure). It walks GOPROXY the way cmd/go
 * does (modfetch/proxy.go): an entry followed by "|" falls through to the next on any error, one followed by "," only
 * on a 404/410 answer, so a TLS failure there ends the download. The checksum database is reached through the first
 * proxy that answers (cmd/go asks <proxy>/sumdb/<name>/supported first, and proxy.golang.org, goproxy.cn and
 * goproxy.io serve it), directly only when the walk reaches "direct" or "off" or runs out.
 */
export type EndpointUse = 'used' | 'fallback' | 'via-proxy' | 'mirror';

export interface GoOutcome {
  /** false: go get fails on TLS; true: it gets through; null: it depends on an endpoint that was not probed. */
  ok: boolean | null;
  /** The target (host:port) whose failure stops go get, when it fails. */
  breaksAt: string | null;
  /** Per probed target, how go would use it. */
  uses: Record<string, EndpointUse>;
  /** One line per step of the walk, for people. */
  steps: string[];
}

export interface OutcomeInput {
  settings: GoSettings;
  targets: GoTarget[];
  module?: string;
  /** Whether Go's TLS check passes for a probed target (host:port). */
  passes: (target: string) => boolean;
}

interface ChainEntry {
  entry: string;
  /** true after "|": any error falls through to the next entry. */
  fallThroughOnError: boolean;
}

/** GOPROXY entries with what follows each: "," or "|" (the last entry behaves as ","). */
export function proxyChain(value: string): ChainEntry[] {
  const out: ChainEntry[] = [];
  for (const m of value.matchAll(/([^,|]*)([,|]?)/g)) {
    const entry = m[1]!.trim();
    if (entry !== '') out.push({ entry, fallThroughOnError: m[2] === '|' });
    else if (m[2] === '|' && out.length > 0) out[out.length - 1]!.fallThroughOnError = true;
    if (m[0] === '') break;
  }
  return out;
}

export function goOutcome(input: OutcomeInput): GoOutcome {
  const { settings, targets, passes } = input;
  const uses: Record<string, EndpointUse> = {};
  for (const t of targets) uses[t.target] = t.role === 'mirror' ? 'mirror' : 'fallback';
  const steps: string[] = [];
  const targetOf = (role: GoTarget['role'], url?: string) =>
    targets.find((t) => t.role === role && (url === undefined || t.url === url))?.target ?? null;
  const direct = targetOf('direct');
  const module = input.module?.trim() || undefined;
  const stop = goStopsEarly(settings, module);
  if (stop !== null) {
    const line = stop === INSECURE_FLAG_REMOVED ? `go: ${stop}` : `go: ${module ?? 'MODULE'}: ${stop}`;
    return { ok: false, breaksAt: null, uses, steps: [`${line} (as go prints it; nothing is contacted)`] };
  }

  // Module downloads.
  let modules: { ok: boolean | null; breaksAt: string | null };
  const privateModule = module !== undefined && matchesGlobList(settings.GONOPROXY, module);
  if (privateModule) {
    modules = useDirect();
  } else {
    modules = { ok: false, breaksAt: null };
    let decided = false;
    for (const { entry, fallThroughOnError } of proxyChain(settings.GOPROXY)) {
      if (entry === 'noproxy') continue;
      if (entry === 'off') {
        steps.push('GOPROXY reaches "off": module downloads are disallowed');
        modules = { ok: false, breaksAt: null };
        decided = true;
        break;
      }
      if (entry === 'direct') {
        modules = useDirect();
        decided = true;
        break;
      }
      const url = proxyEntryUrl(entry);
      const target = targetOf('GOPROXY', url);
      if (target === null) {
        steps.push(`${url}: not a TLS endpoint (plain HTTP or a local directory); go uses it as is`);
        modules = { ok: true, breaksAt: null };
        decided = true;
        break;
      }
      if (passes(target)) {
        uses[target] = 'used';
        steps.push(`${url}: TLS ok, go downloads modules from it (later entries are only used when it answers 404/410)`);
        modules = { ok: true, breaksAt: null };
        decided = true;
        break;
      }
      uses[target] = 'used';
      if (fallThroughOnError) {
        steps.push(`${url}: TLS fails; "|" follows it, so go falls through to the next entry`);
        continue;
      }
      steps.push(`${url}: TLS fails, and go does not fall through on that error ("," only passes 404/410 on): go get fails here`);
      modules = { ok: false, breaksAt: target };
      decided = true;
      break;
    }
    if (!decided) steps.push('every GOPROXY entry failed: go get fails');
  }

  // The checksum database.
  let sums: { ok: boolean | null; breaksAt: string | null } = { ok: true, breaksAt: null };
  const sumdb = parseGoSumdb(settings.GOSUMDB);
  const sumTarget = targetOf('GOSUMDB');
  const noSum = module !== undefined && matchesGlobList(settings.GONOSUMDB, module);
  if (sumdb !== null && !('error' in sumdb) && sumTarget !== null && !noSum) {
    let viaProxy: string | null = null;
    for (const { entry, fallThroughOnError } of proxyChain(settings.GOPROXY)) {
      if (entry === 'noproxy') continue;
      if (entry === 'direct' || entry === 'off') break;
      const target = targetOf('GOPROXY', proxyEntryUrl(entry));
      if (target === null) continue;
      if (passes(target)) {
        viaProxy = target;
        break;
      }
      if (!fallThroughOnError) {
        viaProxy = target; // the database counts as unavailable: the failure is this proxy's
        break;
      }
    }
    if (viaProxy !== null && passes(viaProxy)) {
      uses[sumTarget] = 'via-proxy';
      steps.push(`${sumdb.name}: go reaches it through its module proxy (https://${viaProxy}/sumdb/${sumdb.name}/...), not directly`);
    } else if (viaProxy !== null) {
      steps.push(`${sumdb.name}: unavailable, the proxy in front of it fails`);
      sums = { ok: false, breaksAt: viaProxy };
    } else {
      uses[sumTarget] = 'used';
      const ok = passes(sumTarget);
      steps.push(`${sumdb.name}: contacted directly at ${sumTarget}: TLS ${ok ? 'ok' : 'fails: go get fails verifying checksums'}`);
      sums = { ok, breaksAt: ok ? null : sumTarget };
    }
  }

  const ok = modules.ok === false || sums.ok === false ? false : modules.ok === null || sums.ok === null ? null : true;
  return { ok, breaksAt: modules.breaksAt ?? sums.breaksAt, uses, steps };

  function useDirect(): { ok: boolean | null; breaksAt: string | null } {
    if (direct === null) {
      steps.push(`"direct": go fetches from the module's VCS host; give --module to probe it`);
      return { ok: null, breaksAt: null };
    }
    uses[direct] = 'used';
    // GOINSECURE: direct fetches of matching modules skip certificate checks (the checksum database still applies).
    if (module !== undefined && settings.GOINSECURE !== '' && matchesGlobList(settings.GOINSECURE, module)) {
      steps.push(`direct: ${direct}: ${module} matches GOINSECURE=${settings.GOINSECURE}: go skips certificate checks for it`);
      return { ok: true, breaksAt: null };
    }
    const ok = passes(direct);
    steps.push(`direct: ${direct}: TLS ${ok ? 'ok' : 'fails: go get fails fetching the module'}`);
    return { ok, breaksAt: ok ? null : direct };
  }
}
