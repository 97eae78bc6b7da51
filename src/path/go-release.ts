/**
 * Which Go: the crypto/x509 and crypto/tls releases that change a verdict or a message, and the GODEBUG settings
 * that change verification. A model is pure data, chosen once (`goModel`) from a version and a GODEBUG value; the
 * path builder and the diagnosis read it, never the environment.
 *
 * Each row is a change in Go's source or release notes:
 * - 1.15: the subject Common Name is no longer a host name when there are no SANs (GODEBUG x509ignoreCN=0 restores
 *   it until 1.17, which removes the setting).
 * - 1.18: SHA-1 signatures refused (GODEBUG x509sha1=1 accepts them until 1.24 removes the setting).
 * - 1.20: crypto/tls wraps verification errors: "tls: failed to verify certificate: x509: ...".
 * - 1.24: RSA keys under 1024 bits refused (GODEBUG rsa1024min=0 restores); certificate policies validated, so the
 *   policy extensions (policyConstraints, policyMappings, inhibitAnyPolicy) are handled when critical.
 * - 1.24.11 and 1.25.5 (CVE-2025-61727): an excluded DNS constraint also refuses a wildcard SAN that could expand
 *   into it ("*.example.com" under excluded "bad.example.com").
 */
export interface GoModel {
  /** The release modelled, "1.19" or "1.25.5". */
  version: string;
  /** The GODEBUG settings given (only those that change verification are read). */
  godebug: Record<string, string>;
  /** The host name may match the subject CN when the leaf has no SAN (before 1.15, or x509ignoreCN=0 in 1.15-1.16). */
  cnFallback: boolean;
  /** SHA-1 signatures accepted (before 1.18, or x509sha1=1 in 1.18-1.23). */
  sha1: boolean;
  /** Smallest RSA key accepted for a signature (0: any size). */
  minRsaBits: number;
  /** Critical policy extensions are handled (1.24+) rather than refused as unhandled critical extensions. */
  policies: boolean;
  /** Excluded DNS constraints also catch wildcard SANs that could expand into them (1.24.11+, 1.25.5+). */
  wildcardExclusion: boolean;
  /** crypto/tls prefixes verification errors with "tls: failed to verify certificate: " (1.20+). */
  tlsPrefix: boolean;
}

/** The newest release modelled: the default when no Go is given and none is on PATH. */
export const NEWEST_GO = '1.25.5';
/** The oldest release whose rules are modelled (older ones are judged as this one). */
export const OLDEST_GO = '1.13';

/** The GODEBUG settings that change verification, and the releases that read them. */
export const VERIFY_GODEBUG = ['x509ignoreCN', 'x509sha1', 'rsa1024min'] as const;

/** "go1.19.8", "1.19", "1.25.5" -> [1, 19, 8]; null when it is not a Go version. */
export function parseGoVersion(text: string): [number, number, number] | null {
  const m = /^(?:go)?(\d+)\.(\d+)(?:\.(\d+))?(?:(?:rc|beta)\d+)?(?:\s.*)?$/.exec(text.trim());
  if (!m) return null;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

/** GODEBUG as Go reads it: comma-separated key=value, the last setting of a key wins. */
export function parseGodebug(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (text ?? '').split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

const atLeast = (v: [number, number, number], major: number, minor: number, patch = 0) =>
  v[0] !== major ? v[0] > major : v[1] !== minor ? v[1] > minor : v[2] >= patch;

/** The model of one Go release under a GODEBUG value. Throws a one-line error for text that is no Go version. */
export function goModel(version: string = NEWEST_GO, godebugText?: string): GoModel {
  const v = parseGoVersion(version);
  if (!v || v[0] !== 1) throw new Error(`not a Go version: ${JSON.stringify(version)} (expected e.g. 1.22 or go1.22.5)`);
  const godebug = parseGodebug(godebugText);
  const ignoreCnSetting = godebug.x509ignoreCN === '0' && !atLeast(v, 1, 17);
  const sha1Setting = godebug.x509sha1 === '1' && !atLeast(v, 1, 24);
  const wildcardFixed = atLeast(v, 1, 25, 5) || (v[1] === 24 && v[2] >= 11);
  return {
    version: `${v[0]}.${v[1]}${v[2] ? `.${v[2]}` : ''}`,
    godebug,
    cnFallback: !atLeast(v, 1, 15) || ignoreCnSetting,
    sha1: !atLeast(v, 1, 18) || sha1Setting,
    minRsaBits: atLeast(v, 1, 24) && godebug.rsa1024min !== '0' ? 1024 : 0,
    policies: atLeast(v, 1, 24),
    wildcardExclusion: wildcardFixed,
    tlsPrefix: atLeast(v, 1, 20),
  };
}

/** "Go 1.19" or "Go 1.19 with GODEBUG=x509sha1=1": which Go a verdict is for. */
export function goLabel(model: GoModel): string {
  const settings = VERIFY_GODEBUG.filter((k) => model.godebug[k] !== undefined).map((k) => `${k}=${model.godebug[k]}`);
  return `Go ${model.version}${settings.length ? ` with GODEBUG=${settings.join(',')}` : ''}`;
}
