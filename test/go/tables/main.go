// Command tables turns the test tables of Go's crypto/x509 (nameConstraintsTests in name_constraints_test.go,
// verifyTests in verify_test.go) into JSON, so chaindbg's conformance tests hold Go's own cases as data.
//
// It copies the tables' declarations (and the PEM constants they name) out of $(go env GOROOT)/src/crypto/x509 into
// a throwaway main package beside a small adapter, runs it, and prints the JSON. Standard library only, no network:
//
//	go run ./test/go/tables > test/conformance/go-tables.json
package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
)

// adapter stands in for the crypto/x509 identifiers the tables use and prints them as JSON.
const adapter = `package main

import (
	"encoding/json"
	"os"
)

type ExtKeyUsage string

const (
	ExtKeyUsageAny                            ExtKeyUsage = "any"
	ExtKeyUsageServerAuth                     ExtKeyUsage = "serverAuth"
	ExtKeyUsageClientAuth                     ExtKeyUsage = "clientAuth"
	ExtKeyUsageCodeSigning                    ExtKeyUsage = "codeSigning"
	ExtKeyUsageEmailProtection                ExtKeyUsage = "email"
	ExtKeyUsageIPSECEndSystem                 ExtKeyUsage = "ipsecEndSystem"
	ExtKeyUsageIPSECTunnel                    ExtKeyUsage = "ipsecTunnel"
	ExtKeyUsageIPSECUser                      ExtKeyUsage = "ipsecUser"
	ExtKeyUsageTimeStamping                   ExtKeyUsage = "timeStamping"
	ExtKeyUsageOCSPSigning                    ExtKeyUsage = "ocspSigning"
	ExtKeyUsageMicrosoftServerGatedCrypto     ExtKeyUsage = "msSGC"
	ExtKeyUsageNetscapeServerGatedCrypto      ExtKeyUsage = "netscapeSGC"
	ExtKeyUsageMicrosoftCommercialCodeSigning ExtKeyUsage = "msCodeSigning"
	ExtKeyUsageMicrosoftKernelCodeSigning     ExtKeyUsage = "msKernelCodeSigning"
)

const (
	expectExpired                    = "expired"
	expectUsageError                 = "usage"
	expectAuthorityUnknown           = "unknownAuthority"
	expectHashError                  = "hash"
	expectNameConstraintsError       = "nameConstraints"
	expectNotAuthorizedError         = "notAuthorized"
	expectUnhandledCriticalExtension = "unhandledCriticalExtension"
)

func expectHostnameError(msg string) string { return "hostname: " + msg }

type spec struct {
	Ok   []string ` + "`json:\"ok\"`" + `
	Bad  []string ` + "`json:\"bad\"`" + `
	Ekus []string ` + "`json:\"ekus\"`" + `
}

func specs(in []constraintsSpec) []spec {
	out := []spec{}
	for _, s := range in {
		out = append(out, spec{nz(s.ok), nz(s.bad), nz(s.ekus)})
	}
	return out
}

func nz(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func ekus(in []ExtKeyUsage) []string {
	out := []string{}
	for _, e := range in {
		out = append(out, string(e))
	}
	return out
}

func main() {
	nc := []map[string]any{}
	for i, t := range nameConstraintsTests {
		levels := [][]spec{}
		for _, l := range t.intermediates {
			levels = append(levels, specs(l))
		}
		nc = append(nc, map[string]any{
			"id": i, "roots": specs(t.roots), "intermediates": levels,
			"leaf":          map[string]any{"sans": nz(t.leaf.sans), "ekus": nz(t.leaf.ekus), "cn": t.leaf.cn},
			"requestedEKUs": ekus(t.requestedEKUs), "expectedError": t.expectedError, "ignoreCN": t.ignoreCN,
		})
	}
	vt := []map[string]any{}
	for _, t := range verifyTests {
		chains := [][]string{}
		for _, c := range t.expectedChains {
			chains = append(chains, nz(c))
		}
		vt = append(vt, map[string]any{
			"name": t.name, "leaf": t.leaf, "intermediates": nz(t.intermediates), "roots": nz(t.roots),
			"currentTime": t.currentTime, "dnsName": t.dnsName, "systemSkip": t.systemSkip,
			"keyUsages": ekus(t.keyUsages), "expectedError": t.errorCallback, "expectedChains": chains,
		})
	}
	e := json.NewEncoder(os.Stdout)
	e.SetIndent("", "  ")
	if err := e.Encode(map[string]any{"nameConstraintsTests": nc, "verifyTests": vt}); err != nil {
		panic(err)
	}
}
`

func main() {
	dir := filepath.Join(runtime.GOROOT(), "src", "crypto", "x509")
	var out bytes.Buffer
	out.WriteString("package main\n\n")
	copyDecls(&out, filepath.Join(dir, "name_constraints_test.go"), func(name string, tok token.Token) bool {
		return name == "nameConstraintsTest" || name == "constraintsSpec" || name == "leafSpec" || name == "nameConstraintsTests"
	})
	copyDecls(&out, filepath.Join(dir, "verify_test.go"), func(name string, tok token.Token) bool {
		return name == "verifyTest" || name == "verifyTests" || tok == token.CONST || tok == token.VAR
	})
	src := out.String()
	// The error callbacks become the names of the errors they expect.
	src = regexp.MustCompile(`errorCallback\s+func\(\*testing\.T, error\)`).ReplaceAllString(src, "errorCallback string")
	tmp, err := os.MkdirTemp("", "chaindbg-go-tables-")
	check(err)
	defer os.RemoveAll(tmp)
	check(os.WriteFile(filepath.Join(tmp, "tables.go"), []byte(src), 0o644))
	check(os.WriteFile(filepath.Join(tmp, "adapter.go"), []byte(adapter), 0o644))
	check(os.WriteFile(filepath.Join(tmp, "go.mod"), []byte("module tables\n\ngo 1.18\n"), 0o644))
	cmd := exec.Command("go", "run", ".")
	cmd.Dir = tmp
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GO111MODULE=on")
	check(cmd.Run())
}

// copyDecls copies the top-level declarations of file that keep() selects, as source text.
func copyDecls(out *bytes.Buffer, file string, keep func(string, token.Token) bool) {
	src, err := os.ReadFile(file)
	check(err)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, 0)
	check(err)
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok {
			continue
		}
		for _, s := range g.Specs {
			var name string
			switch s := s.(type) {
			case *ast.TypeSpec:
				name = s.Name.Name
			case *ast.ValueSpec:
				name = s.Names[0].Name
				if g.Tok != token.TYPE && name != "nameConstraintsTests" && name != "verifyTests" && !isStringLit(s) {
					continue
				}
			}
			if name == "" || !keep(name, g.Tok) {
				continue
			}
			text := string(src[fset.Position(s.Pos()).Offset:fset.Position(s.End()).Offset])
			fmt.Fprintf(out, "%s %s\n\n", g.Tok, text)
		}
	}
}

func isStringLit(s *ast.ValueSpec) bool {
	if len(s.Values) != 1 {
		return false
	}
	b, ok := s.Values[0].(*ast.BasicLit)
	return ok && b.Kind == token.STRING
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "tables:", err)
		os.Exit(1)
	}
}
