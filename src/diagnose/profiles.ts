import type { StoreVerdict } from '../model/report.js';
import { makeFinding } from './findings.js';
import type { Finding } from '../model/finding.js';
import { goLabel, type GoModel } from '../path/go-release.js';
import { goErrorType } from './go-error-type.js';
import type { ConnectionBlocker } from './connection.js';
import { goLine, type GoLineOptions } from '../model/go-lines.js';

/**
 * What three kinds of client would say, from verdicts already computed by analyzeChain:
 * - Go (`go get`): the system store (`goStore`), no AIA fetching, SHA-1 refused, no Common Name fallback. These are
 *   the rules analyzeChain applies, so Go's verdict is the store's verdict without AIA intermediates.
 * - OpenSSL (`openssl s_client -verify_return_error`, curl with OpenSSL): no AIA, any anchor in its store
 *   (X509_V_FLAG_PARTIAL_CHAIN off: the path must reach a self-signed root... here: an anchor of `opensslStore`).
 * - A browser: AIA fetching allowed, so `withAia` (the verdict computed with AIA-fetched intermediates) when given.
 * A null store name leaves that client out. `chainErrors` are the chain-wide error findings (leaf expired, hostname):
 * every client refuses those.
 */
export interface ProfileInput {
  verdicts: StoreVerdict[];
  chainErrors: Finding[];
  /** Verdicts and chain errors under a client's own rules (GO_RULES, OPENSSL_RULES) when they differ from the above. */
  byClient?: {
    go?: { verdicts: StoreVerdict[]; chainErrors: Finding[]; model?: GoModel };
    openssl?: { verdicts: StoreVerdict[]; chainErrors: Finding[] };
  };
  goStore: string | null;
  opensslStore: string | null;
  browserStore: string | null;
  /** Verdicts from an analysis that included AIA-fetched intermediates, by store name. */
  withAia?: StoreVerdict[];
  /** What stops the connection besides the chain (connectionBlockers): a verdict is about the whole connection. */
  connection?: ConnectionBlocker[];
  /** How Go's lines are worded (newer Go's `tls: failed to verify certificate:` prefix). */
  goLines?: GoLineOptions;
  /** AIA fetching was already tried (with --aia) and found nothing: never suggest running with --aia again. */
  aiaTried?: boolean;
}

export function profileVerdicts(input: ProfileInput): Finding[] {
  const out: Finding[] = [];
  const leafError = input.chainErrors.find((f) => f.severity === 'error');
  const verdictFor = (name: string | null, list: StoreVerdict[] | undefined) =>
    name === null ? undefined : list?.find((v) => v.name === name);
  const reasonOf = (v: StoreVerdict | undefined, chainError: Finding | undefined = leafError): string | null =>
    chainError?.code ?? v?.findings.find((f) => f.severity === 'error')?.code ?? (v ? null : 'store not loaded');

  // Go and OpenSSL never fetch AIA: each accepts exactly when its store's verdict (without AIA) is trusted.
  const blockersOf = (client: 'go' | 'openssl' | 'browser') => {
    const list = (input.connection ?? []).filter((b) => b.clients.includes(client));
    return { before: list.find((b) => b.phase === 'before-chain'), after: list.find((b) => b.phase === 'after-chain') };
  };
  const plainClient = (code: 'GO_VERDICT' | 'OPENSSL_VERDICT', client: 'go' | 'openssl', store: string | null) => {
    if (store === null) return;
    const own = input.byClient?.[client];
    const verdict = verdictFor(store, own?.verdicts ?? input.verdicts);
    const chainErrors = (own?.chainErrors ?? input.chainErrors).filter((f) => f.severity === 'error');
    // Go builds the chain before it checks extended key usage: a leaf without serverAuth on a chain that does not
    // build is "signed by unknown authority".
    const model = client === 'go' ? input.byClient?.go?.model : undefined;
    const error =
      model && verdict !== undefined && verdict.path.length === 0
        ? chainErrors.find((f) => f.code !== 'EKU_MISSING_SERVER_AUTH')
        : chainErrors[0];
    // The words of the Go judged: 1.20+ prefixes verification errors with "tls: failed to verify certificate: ".
    const lineOptions = input.goLines ?? (model ? { verifyPrefix: model.tlsPrefix } : undefined);
    const chainOk = !!verdict?.trusted && !error;
    // The whole connection: a handshake the client cannot start fails before the chain is looked at; an alert after
    // the chain (certificate_required) fails a connection whose chain passed.
    const { before, after } = blockersOf(client);
    const accepts = chainOk && !before && !after;
    const chainReason = error ?? verdict?.findings.find((f) => f.severity === 'error');
    const goError =
      client !== 'go' || accepts
        ? undefined
        : before?.goLine ?? (!chainOk && chainReason ? goLine(chainReason.code, chainReason.evidence, lineOptions) : null) ?? after?.goLine ?? null;
    // Where the client's rules let through what the Web PKI profile refuses, say which rule.
    const webpkiReason = reasonOf(verdictFor(store, input.verdicts));
    const storeTrusts = !!verdictFor(store, input.verdicts)?.trusted && !leafError;
    const blocker = before ?? (chainOk ? after : undefined);
    const note = blocker
      ? blocker.why
      : accepts && own && !storeTrusts
        ? client === 'go'
          ? goAcceptsNote(webpkiReason, model)
          : `OpenSSL accepts it (${webpkiReason}: OpenSSL matches the subject CN when there is no DNS SAN)`
        : !accepts && own && storeTrusts && client === 'openssl'
          ? 'the store trusts it through a certificate of the store that is not self-signed; OpenSSL also needs that certificate\'s root in the store (no partial chains by default)'
          : null;
    out.push(
      makeFinding(code, accepts ? 'info' : 'error', null, store, {
        client,
        store,
        accepts,
        reason: accepts ? null : blocker ? blocker.code : error ? error.code : reasonOf(verdict, model ? undefined : error),
        note,
        ...(goError !== undefined ? { goError } : {}),
        ...(model ? goEvidence(model, chainOk, chainReason, webpkiReason) : {}),
      }),
    );
  };
  plainClient('GO_VERDICT', 'go', input.goStore);
  plainClient('OPENSSL_VERDICT', 'openssl', input.opensslStore);
  if (input.browserStore !== null) {
    // A look-alike intermediate fails Go, but a browser may fetch the real one over AIA: it is not a chain error here.
    const leafError = input.chainErrors.find((f) => f.severity === 'error' && f.code !== 'ISSUER_MISMATCH');
    const plain = verdictFor(input.browserStore, input.verdicts);
    const aia = verdictFor(input.browserStore, input.withAia) ?? plain;
    const browserBlocker = blockersOf('browser').after;
    const accepts = !!aia?.trusted && !leafError && !browserBlocker;
    // Go on the same roots, without AIA (the Go store when given, else this store's plain verdict).
    const go = verdictFor(input.goStore, input.verdicts) ?? plain;
    const goFailsOnMissing = !!go && !go.trusted && go.findings.some((f) => f.code === 'MISSING_INTERMEDIATE');
    // Not fetched yet: a browser would try the caIssuers URL, so its verdict is open, not a rejection.
    const fetchable = plain?.findings.find((f) => f.code === 'MISSING_INTERMEDIATE' && Array.isArray(f.evidence.caIssuers) && f.evidence.caIssuers.length > 0);
    if (!accepts && !leafError && !browserBlocker && input.withAia === undefined && fetchable && !input.aiaTried) {
      out.push(
        makeFinding('BROWSER_VERDICT', 'warning', null, input.browserStore, {
          client: 'browser',
          store: input.browserStore,
          accepts: null,
          reason: 'MISSING_INTERMEDIATE',
          note: `a browser would fetch the issuer from ${(fetchable.evidence.caIssuers as string[]).join(', ')}; run with --aia to see if that works`,
        }),
      );
      return out;
    }
    out.push(
      makeFinding('BROWSER_VERDICT', accepts ? 'info' : 'error', null, input.browserStore, {
        client: 'browser',
        store: input.browserStore,
        accepts,
        reason: accepts ? null : browserBlocker && !!aia?.trusted && !leafError ? browserBlocker.code : reasonOf(aia, leafError),
        note:
          browserBlocker && !!aia?.trusted && !leafError
            ? browserBlocker.why
            : accepts && goFailsOnMissing && !plain?.trusted
              ? 'works in the browser (it fetches the missing intermediate through AIA), fails in go get'
              : null,
      }),
    );
  }
  return out;
}

/** Why Go accepts what the Web PKI profile refuses, in terms of the Go release judged. */
function goAcceptsNote(webpkiReason: string | null, model: GoModel | undefined): string {
  const go = model ? goLabel(model) : 'Go';
  const rule: Record<string, string> = {
    WEAK_KEY: model && model.minRsaBits > 0 ? `${go} refuses only RSA keys under ${model.minRsaBits} bits` : `${go} verifies RSA keys of any size`,
    UNSUPPORTED_ALGORITHM: `${go} verifies P-224 and any RSA modulus`,
    HOSTNAME_MISMATCH: `${go} matches host names as VerifyHostname does`,
    NAME_CONSTRAINT_VIOLATION: `${go} applies name constraints to the leaf's SANs and the CA's own only`,
    PATH_LEN_EXCEEDED: `${go} has no depth limit, only a budget of signature checks`,
    MALFORMED_CERT: `${go} does not enforce that profile rule`,
  };
  const why = webpkiReason ? (rule[webpkiReason] ?? `${go} does not apply that rule`) : `${go}'s rules`;
  return `${go} accepts it although the Web PKI profile refuses it (${webpkiReason}): ${why}`;
}

/**
 * Which Go, the error type its chain verification returns (`goErrorType`; `goError` is the line go get prints), and
 * (when Go refuses the chain for a reason the store verdict does not show) the finding Go stops at, in words: the
 * report's other findings follow the Web PKI profile, so this is where Go's own reason is.
 */
function goEvidence(model: GoModel, chainOk: boolean, lead: Finding | undefined, webpkiReason: string | null) {
  return {
    goVersion: model.version,
    go: goLabel(model),
    goErrorType: chainOk ? null : goErrorType(lead),
    detail: !chainOk && lead && lead.code !== webpkiReason ? lead.message : null,
  };
}
