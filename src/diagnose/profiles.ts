import type { StoreVerdict } from '../model/report.js';
import { makeFinding } from './analyze.js';
import type { Finding } from '../model/finding.js';

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
  byClient?: { go?: { verdicts: StoreVerdict[]; chainErrors: Finding[] }; openssl?: { verdicts: StoreVerdict[]; chainErrors: Finding[] } };
  goStore: string | null;
  opensslStore: string | null;
  browserStore: string | null;
  /** Verdicts from an analysis that included AIA-fetched intermediates, by store name. */
  withAia?: StoreVerdict[];
}

export function profileVerdicts(input: ProfileInput): Finding[] {
  const out: Finding[] = [];
  const leafError = input.chainErrors.find((f) => f.severity === 'error');
  const verdictFor = (name: string | null, list: StoreVerdict[] | undefined) =>
    name === null ? undefined : list?.find((v) => v.name === name);
  const reasonOf = (v: StoreVerdict | undefined, chainError: Finding | undefined = leafError): string | null =>
    chainError?.code ?? v?.findings.find((f) => f.severity === 'error')?.code ?? (v ? null : 'store not loaded');

  // Go and OpenSSL never fetch AIA: each accepts exactly when its store's verdict (without AIA) is trusted.
  const plainClient = (code: 'GO_VERDICT' | 'OPENSSL_VERDICT', client: 'go' | 'openssl', store: string | null) => {
    if (store === null) return;
    const own = input.byClient?.[client];
    const verdict = verdictFor(store, own?.verdicts ?? input.verdicts);
    const error = (own?.chainErrors ?? input.chainErrors).find((f) => f.severity === 'error');
    const accepts = !!verdict?.trusted && !error;
    // Where the client's rules let through what the Web PKI profile refuses, say which rule.
    const webpkiReason = reasonOf(verdictFor(store, input.verdicts));
    const storeTrusts = !!verdictFor(store, input.verdicts)?.trusted && !leafError;
    const note =
      accepts && own && !storeTrusts
        ? client === 'go'
          ? `Go accepts it (${webpkiReason}: Go only refuses RSA keys under 1024 bits)`
          : `OpenSSL accepts it (${webpkiReason}: OpenSSL matches the subject CN when there is no DNS SAN)`
        : !accepts && own && storeTrusts && client === 'openssl'
          ? 'the store trusts it through a certificate of the store that is not self-signed; OpenSSL also needs that certificate\'s root in the store (no partial chains by default)'
          : null;
    out.push(
      makeFinding(code, accepts ? 'info' : 'error', null, store, {
        client,
        store,
        accepts,
        reason: accepts ? null : reasonOf(verdict, error),
        note,
      }),
    );
  };
  plainClient('GO_VERDICT', 'go', input.goStore);
  plainClient('OPENSSL_VERDICT', 'openssl', input.opensslStore);
  if (input.browserStore !== null) {
    const plain = verdictFor(input.browserStore, input.verdicts);
    const aia = verdictFor(input.browserStore, input.withAia) ?? plain;
    const accepts = !!aia?.trusted && !leafError;
    // Go on the same roots, without AIA (the Go store when given, else this store's plain verdict).
    const go = verdictFor(input.goStore, input.verdicts) ?? plain;
    const goFailsOnMissing = !!go && !go.trusted && go.findings.some((f) => f.code === 'MISSING_INTERMEDIATE');
    // Not fetched yet: a browser would try the caIssuers URL, so its verdict is open, not a rejection.
    const fetchable = plain?.findings.find((f) => f.code === 'MISSING_INTERMEDIATE' && Array.isArray(f.evidence.caIssuers) && f.evidence.caIssuers.length > 0);
    if (!accepts && !leafError && input.withAia === undefined && fetchable) {
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
        reason: accepts ? null : reasonOf(aia),
        note:
          accepts && goFailsOnMissing && !plain?.trusted
            ? 'works in the browser (it fetches the missing intermediate through AIA), fails in go get'
            : null,
      }),
    );
  }
  return out;
}
