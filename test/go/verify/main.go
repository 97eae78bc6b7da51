// Command verify is Go's own verdict on chains, for chaindbg's comparison tests: it reads a JSON array of cases on
// stdin, runs crypto/x509's Certificate.Verify on each (roots as the only trust, the intermediates as sent, the host
// as VerifyOptions.DNSName, the time as CurrentTime) and prints one JSON array: the verdict and Go's error line.
// Standard library only; built at test time into a temporary folder (`go build -o DIR/verify test/go/verify/main.go`).
package main

import (
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
)

type input struct {
	ID            string   `json:"id"`
	Leaf          string   `json:"leaf"`
	Intermediates []string `json:"intermediates"`
	Roots         []string `json:"roots"`
	Host          string   `json:"host"`
	Time          string   `json:"time"`
	// KeyUsages: "serverAuth" (the default), "clientAuth", "email", "any".
	KeyUsages []string `json:"keyUsages"`
}

type output struct {
	ID string `json:"id"`
	OK bool   `json:"ok"`
	// Error is err.Error() of Verify (or of parsing), empty when OK.
	Error string `json:"error"`
	// Kind is the Go error type: CertificateInvalidError/<reason>, HostnameError, UnknownAuthorityError, ...
	Kind   string     `json:"kind"`
	Chains [][]string `json:"chains"`
}

// reasons names crypto/x509's InvalidReason values.
var reasons = map[x509.InvalidReason]string{
	x509.NotAuthorizedToSign:           "NotAuthorizedToSign",
	x509.Expired:                       "Expired",
	x509.CANotAuthorizedForThisName:    "CANotAuthorizedForThisName",
	x509.TooManyIntermediates:          "TooManyIntermediates",
	x509.IncompatibleUsage:             "IncompatibleUsage",
	x509.NameMismatch:                  "NameMismatch",
	x509.NameConstraintsWithoutSANs:    "NameConstraintsWithoutSANs",
	x509.UnconstrainedName:             "UnconstrainedName",
	x509.TooManyConstraints:            "TooManyConstraints",
	x509.CANotAuthorizedForExtKeyUsage: "CANotAuthorizedForExtKeyUsage",
}

var usages = map[string]x509.ExtKeyUsage{
	"serverAuth": x509.ExtKeyUsageServerAuth,
	"clientAuth": x509.ExtKeyUsageClientAuth,
	"email":      x509.ExtKeyUsageEmailProtection,
	"any":        x509.ExtKeyUsageAny,
}

func main() {
	var cases []input
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		fmt.Fprintln(os.Stderr, "verify: reading cases:", err)
		os.Exit(2)
	}
	out := []output{}
	for _, c := range cases {
		out = append(out, verify(c))
	}
	e := json.NewEncoder(os.Stdout)
	e.SetIndent("", " ")
	e.Encode(map[string]any{"go": runtime.Version(), "results": out})
}

func parse(text string) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	rest := []byte(text)
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			return certs, nil
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, err
		}
		certs = append(certs, c)
	}
}

func verify(c input) output {
	o := output{ID: c.ID, Chains: [][]string{}}
	fail := func(kind string, err error) output {
		o.Kind, o.Error = kind, err.Error()
		return o
	}
	leaves, err := parse(c.Leaf)
	if err != nil || len(leaves) != 1 {
		if err == nil {
			err = fmt.Errorf("expected one leaf, got %d", len(leaves))
		}
		return fail("ParseError", err)
	}
	opts := x509.VerifyOptions{Roots: x509.NewCertPool(), Intermediates: x509.NewCertPool(), DNSName: c.Host}
	for _, p := range c.Roots {
		// A root Go cannot parse is left out of the pool, as AppendCertsFromPEM does.
		certs, _ := parse(p)
		for _, r := range certs {
			opts.Roots.AddCert(r)
		}
	}
	for _, p := range c.Intermediates {
		certs, _ := parse(p)
		for _, r := range certs {
			opts.Intermediates.AddCert(r)
		}
	}
	if c.Time != "" {
		t, err := time.Parse(time.RFC3339, c.Time)
		if err != nil {
			return fail("BadTime", err)
		}
		opts.CurrentTime = t
	}
	for _, u := range c.KeyUsages {
		opts.KeyUsages = append(opts.KeyUsages, usages[u])
	}
	chains, err := leaves[0].Verify(opts)
	if err != nil {
		kind := fmt.Sprintf("%T", err)
		switch e := err.(type) {
		case x509.CertificateInvalidError:
			kind = "CertificateInvalidError/" + reasons[e.Reason]
		case x509.HostnameError:
			kind = "HostnameError"
		case x509.UnknownAuthorityError:
			kind = "UnknownAuthorityError"
		case x509.UnhandledCriticalExtension:
			kind = "UnhandledCriticalExtension"
		case x509.InsecureAlgorithmError:
			kind = "InsecureAlgorithmError"
		case x509.ConstraintViolationError:
			kind = "ConstraintViolationError"
		default:
			if strings.Contains(err.Error(), "signature check attempts limit") {
				kind = "SignatureCheckLimit"
			}
		}
		return fail(kind, err)
	}
	o.OK = true
	for _, ch := range chains {
		names := []string{}
		for _, cert := range ch {
			names = append(names, cert.Subject.String())
		}
		o.Chains = append(o.Chains, names)
	}
	return o
}
