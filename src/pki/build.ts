/**
 * The certificate builder: every certificate chaindbg makes (the lab's PKI, the tests' fixtures, the fuzzer's seeds,
 * the bench's servers) is minted here from a small trust-graph description (./types.ts). Pure apart from key
 * generation: every validity window is relative to the given `now`, serials are derived from the node id, and
 * nothing reads the clock.
 *
 * pkijs builds the ASN.1 structures and node:crypto signs the TBSCertificate (node's ECDSA signatures are already the
 * DER Ecdsa-Sig-Value X.509 wants; MD5 and SHA-1 signatures, which tests need, are there too). Why not
 * @peculiar/x509's generator: docs/architecture.md, "The certificate builder".
 */
import { createHash, sign } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { PkiError } from './errors.js';
import { extensionsOf, hexBytes } from './extensions.js';
import { keyPairOf, newKeyPair, signatureAlgorithmFor, type KeyPair } from './keys.js';
import { nameText, rdnsOf } from './names.js';
import type { KeyIdSpec, Pki, PkiNode, PkiNodeSpec, PkiSpec } from './types.js';

const DAY_MS = 86_400_000;

/** Builds every certificate of the graph. Keys are generated in parallel, one per node (or shared via sameKeyAs). */
export async function buildPki(spec: PkiSpec): Promise<Pki> {
  const now = new Date(Math.floor(spec.now.getTime() / 1000) * 1000);
  const ids = Object.keys(spec.nodes);
  const order = signingOrder(spec.nodes);

  const keyOwner = (id: string): string => {
    let cur = id;
    const seen = new Set<string>();
    for (;;) {
      const next = spec.nodes[cur]?.sameKeyAs;
      if (next === undefined) return cur;
      if (spec.nodes[next] === undefined) {
        throw new PkiError('PKI_UNKNOWN_NODE', `node "${cur}" has sameKeyAs "${next}", which is not a node`, {
          node: cur,
          sameKeyAs: next,
        });
      }
      if (seen.has(cur)) throw new PkiError('PKI_CYCLE', `sameKeyAs loops through "${cur}"`, { node: cur });
      seen.add(cur);
      cur = next;
    }
  };

  const owners = [...new Set(ids.map(keyOwner))];
  const generated = await Promise.all(
    owners.map((o) => {
      const given = spec.keys?.[o];
      return given !== undefined ? keyPairOf(given) : newKeyPair(spec.nodes[o]!.key ?? 'ec-p256');
    }),
  );
  const keyByOwner = new Map(owners.map((o, i) => [o, generated[i]!]));
  const keyOf = (id: string): KeyPair => keyByOwner.get(keyOwner(id))!;

  const built = new Map<string, PkiNode>();
  for (const id of order) {
    built.set(id, issue(id, spec.nodes, now, keyOf));
  }

  const get = (id: string): PkiNode => {
    const n = built.get(id);
    if (n === undefined) throw new PkiError('PKI_UNKNOWN_NODE', `no node "${id}" in this PKI`, { node: id, known: ids });
    return n;
  };
  return {
    now,
    ids,
    node: get,
    der: (id) => get(id).der,
    pem: (id) => get(id).pem,
    keyPem: (id) => get(id).keyPem,
    chainPem: (chain) => chain.map((id) => get(id).pem).join(''),
  };
}

/** Issuers before the certificates they sign; unknown references and issuer loops are typed errors. */
function signingOrder(nodes: Readonly<Record<string, PkiNodeSpec>>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): void => {
    const s = state.get(id);
    if (s === 'done') return;
    if (s === 'visiting') {
      throw new PkiError('PKI_CYCLE', `issuer loop: ${[...path, id].join(' -> ')}`, { path: [...path, id] });
    }
    const node = nodes[id];
    if (node === undefined) {
      throw new PkiError('PKI_UNKNOWN_NODE', `node "${path.at(-1)}" refers to "${id}", which is not a node`, {
        node: path.at(-1) ?? null,
        ref: id,
      });
    }
    state.set(id, 'visiting');
    if (node.issuer !== undefined && node.issuer !== id) visit(node.issuer, [...path, id]);
    state.set(id, 'done');
    order.push(id);
  };
  for (const id of Object.keys(nodes)) visit(id, []);
  return order;
}

function issue(id: string, nodes: Readonly<Record<string, PkiNodeSpec>>, now: Date, keyOf: (id: string) => KeyPair): PkiNode {
  const node = nodes[id]!;
  const issuerId = node.issuer ?? id;
  const issuerSpec = nodes[issuerId]!;
  const subjectKey = keyOf(id);
  const issuerKey = keyOf(issuerId);

  const [notBefore, notAfter] = validityOf(node, now, id);
  const serialDer = serialBytes(node.serial ?? createHash('sha256').update(`chaindbg-lab:${id}`).digest('hex').slice(0, 32), id);
  const sigAlg = signatureAlgorithmFor(issuerKey.spec, node.hash);

  const ski = keyIdValue(node.ski ?? 'default', subjectKey.keyId);
  const issuerSki = issuerSpec.ski !== undefined && typeof issuerSpec.ski === 'object' ? issuerSpec.ski.hex : issuerKey.keyId;
  const aki =
    node.aki === 'wrong'
      ? createHash('sha1').update(`chaindbg-lab:wrong-aki:${id}`).digest('hex')
      : keyIdValue(node.aki ?? 'default', issuerSki);

  const cert = new pkijs.Certificate();
  const v1 = node.version === 1;
  cert.version = v1 ? 0 : 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: hexBytes(serialDer) });
  cert.signature = sigAlg.identifier();
  cert.signatureAlgorithm = sigAlg.identifier();
  cert.issuer = rdnsOf(issuerSpec.subject, issuerId);
  cert.subject = rdnsOf(node.subject, id);
  cert.notBefore = timeOf(notBefore);
  cert.notAfter = timeOf(notAfter);
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(subjectKey.spkiDer.slice().buffer);
  if (!v1) cert.extensions = extensionsOf({ id, node, keySpec: subjectKey.spec, ski, aki });

  const tbs = new Uint8Array(cert.encodeTBS().toBER(false));
  const signature = sign(sigAlg.nodeHash, tbs, issuerKey.privateKey);
  cert.signatureValue = new asn1js.BitString({ valueHex: signature });
  const der = new Uint8Array(cert.toSchema(true).toBER(false));

  return {
    id,
    spec: node,
    der,
    pem: toPem('CERTIFICATE', der),
    keyPem: subjectKey.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    privateKey: subjectKey.privateKey,
    keySpec: subjectKey.spec,
    subjectText: nameText(node.subject),
    issuer: issuerId,
    sha256: createHash('sha256').update(der).digest('hex'),
    serial: serialDer.replace(/^0+(?=.)/, ''),
    notBefore,
    notAfter,
    ski: v1 ? null : ski,
    aki: v1 ? null : aki,
  };
}

function validityOf(node: PkiNodeSpec, now: Date, id: string): [Date, Date] {
  const v = node.validity ?? (node.ca ? ([-3650, 3650] as const) : ([-30, 60] as const));
  const [nb, na] = 'notBefore' in v ? [v.notBefore, v.notAfter] : [new Date(now.getTime() + v[0] * DAY_MS), new Date(now.getTime() + v[1] * DAY_MS)];
  if (!(nb.getTime() <= na.getTime())) {
    throw new PkiError('PKI_BAD_SPEC', `node "${id}": notBefore is after notAfter`, {
      node: id,
      notBefore: nb.toISOString(),
      notAfter: na.toISOString(),
    });
  }
  return [nb, na];
}

function keyIdValue(spec: KeyIdSpec, derived: string): string | null {
  if (spec === 'omit') return null;
  if (spec === 'default') return derived;
  return spec.hex.toLowerCase();
}

/** UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5). */
function timeOf(d: Date): pkijs.Time {
  const year = d.getUTCFullYear();
  return new pkijs.Time({ type: year >= 1950 && year < 2050 ? 0 : 1, value: d });
}

/** The serial's DER INTEGER content bytes as hex: minimal, and positive. */
function serialBytes(hex: string, id: string): string {
  let h = hex.toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]+$/.test(h)) throw new PkiError('PKI_BAD_SPEC', `node "${id}": serial is not hex`, { node: id, serial: hex });
  h = h.replace(/^0+(?=.)/, '');
  if (h.length % 2 === 1) h = `0${h}`;
  // DER INTEGER is signed: a leading byte >= 0x80 would make it negative, so prefix a zero byte.
  if (parseInt(h.slice(0, 2), 16) >= 0x80) h = `00${h}`;
  return h;
}

export function toPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
