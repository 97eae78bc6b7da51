// The packages the bundle leaves in node_modules, loaded at run time: exactly the package's runtime `dependencies`
// (test/packaging/dependencies.test.ts checks it). asn1js and pkijs load on first use (src/util/lazy-*.ts), one asn1js
// for our code and pkijs alike (their schemas compare by class); string-width loads on the first text that is not plain
// ASCII (src/util/columns.ts), the one copy Ink uses too. Everything else a shipped file imports (Ink, React,
// commander) is bundled into dist/app/ and is only a devDependency: installing chaindbg fetches none of it.
export const EXTERNALS = ['asn1js', 'pkijs', 'string-width'];
