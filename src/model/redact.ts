/**
 * The one URL redaction. Every URL chaindbg displays, logs, saves or puts in JSON passes through here first, so a
 * password in `GOPROXY=https://user:s3cret@host/`, a proxy URL or a `?token=` query value never reaches output.
 *
 * - The password of the userinfo is dropped, the user name kept (`https://user@host/`), as probe has always shown
 *   proxy URLs; a userinfo with no colon is a bare token in some setups (`https://ghp_xxx@host`), so it is replaced
 *   by `xxxxx` (Go's url.Redacted placeholder) when it looks like one (16 or more characters). The userinfo ends at
 *   the LAST `@` of the authority, as Go's url.Parse and the WHATWG parser read it, so a password holding `@`, `'` or
 *   `,` (`https://u:p@ss@host/`) is dropped whole. A proxy written without a scheme (`user:pass@proxy:3128`, which
 *   Go's httpproxy reads as http://) loses its password too.
 * - Query values whose names say they are secrets (token, key, secret, password, auth, signature, credential,
 *   session, ...) become `xxxxx`.
 * - The rest of the text is kept byte for byte (no URL normalisation), so a redacted URL reads like the original.
 *
 * Pure, imports nothing.
 */

export const REDACTED = 'xxxxx';

/** Query parameter names whose values are secrets (matched as whole words inside the name, any case). */
const SECRET_PARAM = /(^|[-_.])(token|access[-_]?token|id[-_]?token|refresh[-_]?token|api[-_]?key|apikey|key|secret|client[-_]?secret|password|passwd|pass|pwd|auth|authorization|sig|signature|credential|credentials|session|sessionid|private[-_]?token|x-amz-signature|x-amz-credential|x-amz-security-token)$/i;

/**
 * scheme://userinfo@ at the start of a URL. The authority runs to the first `/`, `?`, `#` or space; the greedy match
 * backtracks to its last `@`, where the userinfo ends (a password may hold `@`).
 */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#\s]*)@/i;
/** The same, anywhere in free text (a quote or backquote also ends the authority there). */
const USERINFO_IN_TEXT = /([a-z][a-z0-9+.-]*:\/\/)([^/?#\s"<>`]*)@/gi;
/** userinfo@host[:port] with no scheme: Go's httpproxy reads such a proxy setting as http://userinfo@host. */
const SCHEMELESS_USERINFO = /^()([^/?#\s]*)@(?=[^/?#\s@]+(?:[/?#]|$))/;

function redactUserinfo(_m: string, scheme: string, userinfo: string): string {
  const colon = userinfo.indexOf(':');
  if (colon >= 0) return `${scheme}${userinfo.slice(0, colon)}@`;
  return userinfo.length >= 16 ? `${scheme}${REDACTED}@` : `${scheme}${userinfo}@`;
}

/** One URL (or URL-like text) with its secrets replaced. Text that is not a URL comes back unchanged. */
export function redactUrl(url: string): string {
  let out = url.includes('://') ? url.replace(USERINFO, redactUserinfo) : url.replace(SCHEMELESS_USERINFO, redactUserinfo);
  const q = out.search(/[?]/);
  if (q >= 0) {
    const hash = out.indexOf('#', q);
    const end = hash === -1 ? out.length : hash;
    const query = out
      .slice(q + 1, end)
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        if (eq <= 0) return pair;
        let name = pair.slice(0, eq);
        try {
          name = decodeURIComponent(name);
        } catch {
          // keep the raw name
        }
        return SECRET_PARAM.test(name) && pair.length > eq + 1 ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
      })
      .join('&');
    out = `${out.slice(0, q + 1)}${query}${out.slice(end)}`;
  }
  return out;
}

/** URLs inside free text ("GOPROXY=https://u:p@h,direct", a note, an error message): each one redacted. */
const URL_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`,|]+/gi;

export function redactUrlsIn(text: string): string {
  if (!text.includes('://')) return text;
  // Userinfo first, over the whole text: a password may hold characters (`'`, `,`, `|`) that end a URL in free text.
  return text.replace(USERINFO_IN_TEXT, redactUserinfo).replace(URL_IN_TEXT, (u) => redactUrl(u));
}

/**
 * A copy of `value` with `redactUrlsIn` applied to every string inside it (object values and array items, at any
 * depth): for JSON documents and the models renderers print. Non-plain objects (Dates, byte arrays) are kept.
 */
export function redactDeep<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return redactUrlsIn(value) as T;
  if (value === null || typeof value !== 'object' || depth > 64) return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1)) as T;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = redactDeep(v, depth + 1);
  return out as T;
}
