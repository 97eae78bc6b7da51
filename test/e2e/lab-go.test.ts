/**
 * chaindbg's Go verdict against Go's own, on every lab server: a small Go program makes the connection go get would
 * make (crypto/tls with the scenario's roots and name, then one request), and prints Go's error line or "ok".
 * Where chaindbg says Go accepts, Go must say ok; where it says Go fails, Go's line must be the one chaindbg names
 * (GO_VERDICT's goError, or the Go line of the connection error when no certificate arrived). The lab runs at the
 * real time here, since Go reads the clock. Skipped, saying so, without go on PATH.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import { goLine } from '../../src/model/go-lines.js';
import { explainGoLine } from '../../src/model/go-line-match.js';
import { goModel } from '../../src/path/go-release.js';
import { startLab, type Lab } from '../../src/lab/index.js';
import type { Report } from '../../src/report/index.js';
import { buildGo, GO, NO_GO_REASON, runGo } from '../support/go-tool.js';
import { reportOf } from '../support/reports.js';

const PROGRAM = `package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"time"
)

func main() {
	name, caFile, addr := os.Args[1], os.Args[2], os.Args[3]
	pool := x509.NewCertPool()
	if caFile != "" {
		pem, _ := os.ReadFile(caFile)
		pool.AppendCertsFromPEM(pem)
	}
	conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", addr, &tls.Config{RootCAs: pool, ServerName: name})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer conn.Close()
	conn.Write([]byte("GET / HTTP/1.1\\r\\nHost: " + name + "\\r\\n\\r\\n"))
	conn.SetReadDeadline(time.Now().Add(1500 * time.Millisecond))
	_, err = conn.Read(make([]byte, 512))
	var ne net.Error
	if err != nil && !(errors.As(err, &ne) && ne.Timeout()) && err != io.EOF {
		fmt.Println(err)
		return
	}
	fmt.Println("ok")
}
`;

let lab: Lab;
let bin: string;

describe.skipIf(!GO)(`lab servers against crypto/tls of the Go on PATH (${GO?.version ?? NO_GO_REASON})`, () => {
  beforeAll(async () => {
    bin = buildGo(PROGRAM);
    lab = await startLab({ now: new Date() });
  }, 120_000);
  afterAll(async () => {
    await lab?.close();
  });

  it('every scenario: Go says ok exactly where chaindbg says Go accepts, else the line chaindbg names', async () => {
    const rows: string[] = [];
    const want: string[] = [];
    for (const s of lab.scenarios) {
      const io = memoryIO({ env: { ...s.probeEnv } });
      // judged as the Go this test compares against
      await run([...s.probeArgs, '--timeout', '5000', '--go-version', GO!.version, '--format', 'json'], io);
      const report = reportOf(io.output);
      const store = lab.stores.find((x) => x.name === s.store)!;
      // the roots Go would use: the scenario's store (a folder without roots: none)
      const roots = store.pem === '' ? '' : store.path!;
      const line = (await runGo(bin, [s.servername, roots, s.connect])).trim();
      const go = report.findings.find((f) => f.code === 'GO_VERDICT');
      const firstError = report.findings.find((f) => f.severity === 'error');
      const expected = go ? (go.evidence.accepts === true ? 'ok' : String(go.evidence.goError)) : firstError ? goLine(firstError.code, firstError.evidence, { verifyPrefix: goModel(GO!.version).tlsPrefix }) : 'ok';
      // Go reads its clock when it verifies, chaindbg once per run: the seconds of "current time" may differ.
      const clock = (t: string) => t.replace(/current time \S+ is/, 'current time (now) is');
      rows.push(clock(`${s.name}: ${line}`));
      want.push(clock(`${s.name}: ${expected}`));
      // explain recognises Go's real line as the cause chaindbg found
      if (line !== 'ok' && go) expect(explainGoLine(line).causes.map((c) => c.code)).toContain(go.evidence.reason);
    }
    expect(rows).toEqual(want);
  }, 180_000);
});
