import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One DER certificate from `certs/` with where it came from. */
export interface CorpusCert {
  origin: string;
  der: Uint8Array;
}

const certsDir = (sub: string) => fileURLToPath(new URL(`../../certs/${sub}`, import.meta.url));
const PEM = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

function fromPem(text: string, origin: string, out: CorpusCert[]): void {
  let n = 0;
  for (const m of text.matchAll(PEM)) {
    out.push({ origin: `${origin}#${++n}`, der: new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')) });
  }
}

/** Every certificate under certs/: the reference PEMs, Mozilla's roots and the x509-limbo certificates (deduplicated). */
export function corpus(): CorpusCert[] {
  const out: CorpusCert[] = [];
  for (const f of readdirSync(certsDir('reference')).sort()) {
    if (f.endsWith('.pem')) fromPem(readFileSync(`${certsDir('reference')}/${f}`, 'latin1'), `reference/${f}`, out);
  }
  const roots = JSON.parse(readFileSync(`${certsDir('mozilla')}/roots.json`, 'utf8')) as { roots: { label: string; der: string }[] };
  for (const r of roots.roots) out.push({ origin: `mozilla/${r.label}`, der: new Uint8Array(Buffer.from(r.der, 'base64')) });
  const limbo = JSON.parse(readFileSync(`${certsDir('limbo')}/limbo.json`, 'utf8')) as {
    testcases: { id: string; trusted_certs: string[]; untrusted_intermediates: string[]; peer_certificate: string }[];
  };
  for (const t of limbo.testcases) {
    for (const pem of [...t.trusted_certs, ...t.untrusted_intermediates, t.peer_certificate]) fromPem(pem, `limbo/${t.id}`, out);
  }
  const seen = new Set<string>();
  return out.filter((c) => {
    const key = Buffer.from(c.der).toString('base64');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Mozilla's roots as DER, in roots.json order. */
export function mozillaRoots(): Uint8Array[] {
  return corpus()
    .filter((c) => c.origin.startsWith('mozilla/'))
    .map((c) => c.der);
}
