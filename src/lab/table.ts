/**
 * The lab as a table for people (fits 100 columns, deterministic for a given lab) and as plain JSON data.
 */
import type { Lab, RunningScenario } from './server.js';

const WIDTH = 100;

export function verdictText(e: { trusted: boolean; codes: readonly string[] }): string {
  const codes = e.codes.length > 0 ? ` (${e.codes.join(', ')})` : '';
  return `${e.trusted ? 'trusted' : 'NOT trusted'}${codes}`;
}

/**
 * One block per scenario:
 *   name  connect  servername  TLS  store: verdict
 *     story
 *     $ command (wrapped before " --" options when longer than the width)
 */
export function renderLabTable(lab: Pick<Lab, 'scenarios' | 'stores' | 'aiaBaseUrl'>): string {
  const lines: string[] = [];
  lines.push(`chaindbg lab: ${lab.scenarios.length} scenario(s); AIA at ${lab.aiaBaseUrl}/NAME.der and .p7c`);
  for (const s of lab.stores) lines.push(...wrap(`store ${s.name}: ${s.path ?? '(in memory)'}`, '', '    '));
  lines.push('');
  const nameW = Math.max(...lab.scenarios.map((s) => s.name.length), 4);
  for (const s of lab.scenarios) {
    const head = `${s.name.padEnd(nameW)}  ${s.connect}  ${s.servername}  TLS ${tlsText(s)}`;
    lines.push(...wrap(head, '', '  '));
    lines.push(...wrap(`expect vs ${s.store}: ${verdictText(s.expected)}`, '  ', '    '));
    for (const a of s.alsoExpected) lines.push(...wrap(`expect vs ${a.store}: ${verdictText(a)}`, '  ', '    '));
    lines.push(...wrap(s.story, '  ', '  '));
    lines.push(...wrapCommand(`$ ${s.probeCommand}`, '  ', '      '));
    lines.push('');
  }
  return lines.join('\n');
}

function tlsText(s: RunningScenario): string {
  const v = s.tls === 'both' ? '1.2+1.3' : s.tls === '1.2' ? '1.2 only' : '1.3 only';
  if (s.kind === 'http') return 'none (plain HTTP)';
  if (s.sent.length > 1) return `${v}, chain differs by version`;
  return s.requireClientCert ? `${v}, client cert required` : v;
}

/** Word-wraps at spaces; a word longer than the width stays whole on its own line. */
function wrap(text: string, first: string, rest: string): string[] {
  const out: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(' ')) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      out.push(line);
      line = rest + word;
    } else {
      line = empty ? line + word : `${line} ${word}`;
    }
    empty = false;
  }
  out.push(line);
  return out;
}

/** Breaks a shell command before its environment assignments, "chaindbg" and its " --option value" groups so each line stays copy-pasteable with "\". */
function wrapCommand(cmd: string, first: string, rest: string): string[] {
  if (first.length + cmd.length <= WIDTH) return [first + cmd];
  const parts = cmd.split(/ (?=--|chaindbg |[A-Z_]+=)/);
  const out: string[] = [];
  let line = first + parts[0]!;
  for (const p of parts.slice(1)) {
    if (line.length + 1 + p.length + 2 > WIDTH) {
      out.push(`${line} \\`);
      line = rest + p;
    } else {
      line = `${line} ${p}`;
    }
  }
  out.push(line);
  return out;
}

export interface LabJson {
  aiaBaseUrl: string;
  now: string;
  stores: { name: string; description: string; path: string | null }[];
  scenarios: {
    name: string;
    story: string;
    servername: string;
    connect: string;
    port: number;
    kind: 'tls' | 'http';
    tls: string;
    requireClientCert: boolean;
    sent: { tls: string; certs: { id: string; subject: string; sha256: string }[] }[];
    store: string;
    expected: { trusted: boolean; codes: string[] };
    alsoExpected: { store: string; trusted: boolean; codes: string[] }[];
    probeCommand: string;
  }[];
}

/** Plain JSON values only, stable key order, no PEMs or keys (the store files hold those). */
export function labToJson(lab: Pick<Lab, 'scenarios' | 'stores' | 'aiaBaseUrl' | 'now'>): LabJson {
  return {
    aiaBaseUrl: lab.aiaBaseUrl,
    now: lab.now.toISOString(),
    stores: lab.stores.map((s) => ({ name: s.name, description: s.description, path: s.path ?? null })),
    scenarios: lab.scenarios.map((s) => ({
      name: s.name,
      story: s.story,
      servername: s.servername,
      connect: s.connect,
      port: s.port,
      kind: s.kind,
      tls: s.tls,
      requireClientCert: s.requireClientCert,
      sent: s.sent.map((c) => ({
        tls: c.tls,
        certs: c.certs.map((x) => ({ id: x.id, subject: x.subject, sha256: x.sha256 })),
      })),
      store: s.store,
      expected: { trusted: s.expected.trusted, codes: [...s.expected.codes] },
      alsoExpected: s.alsoExpected.map((a) => ({ store: a.store, trusted: a.trusted, codes: [...a.codes] })),
      probeCommand: s.probeCommand,
    })),
  };
}
