// The packages the bundle leaves in node_modules, loaded at run time: exactly the package's runtime `dependencies`
// (test/packaging/dependencies.test.ts checks it). asn1js and pkijs load on first use (src/util/lazy-*.ts), one asn1js
// for our code and pkijs alike (their schemas compare by class). Everything else a shipped file imports (Ink, React,
// commander, string-width) is bundled into dist/app/ and is only a devDependency: installing chaindbg fetches none of it.
export const EXTERNALS = ['asn1js', 'pkijs'];
