/**
 * Import paths whose repository cmd/go knows without asking the host for a go-import tag (pure): vcs.go vcsPaths in
 * Go 1.19. GitHub and Bitbucket go straight to git over https; a path with an explicit ".git" element names its
 * repository itself (Go pings https first; chaindbg assumes https). Other hosts are looked up with ?go-get=1.
 */

export interface StaticRoot {
  vcs: string;
  repo: string;
  root: string;
}

const STATIC: ReadonlyArray<{ re: RegExp; vcs: string }> = [
  { re: /^(github\.com\/[A-Za-z0-9_.\-]+\/[A-Za-z0-9_.\-]+)(\/[A-Za-z0-9_.\-]+)*$/, vcs: 'git' },
  { re: /^(bitbucket\.org\/[A-Za-z0-9_.\-]+\/[A-Za-z0-9_.\-]+)(\/[A-Za-z0-9_.\-]+)*$/, vcs: 'git' },
  { re: /^(hub\.jazz\.net\/git\/[a-z0-9]+\/[A-Za-z0-9_.\-]+)(\/[A-Za-z0-9_.\-]+)*$/, vcs: 'git' },
  { re: /^(git\.apache\.org\/[a-z0-9_.\-]+\.git)(\/[A-Za-z0-9_.\-]+)*$/, vcs: 'git' },
  { re: /^(git\.openstack\.org\/[A-Za-z0-9_.\-]+\/[A-Za-z0-9_.\-]+)(\.git)?(\/[A-Za-z0-9_.\-]+)*$/, vcs: 'git' },
];

const EXPLICIT = /^(([a-z0-9.\-]+\.)+[a-z0-9.\-]+(:[0-9]+)?(\/~?[A-Za-z0-9_.\-]+)+?)\.(bzr|fossil|git|hg|svn)(\/~?[A-Za-z0-9_.\-]+)*$/;

export function staticRepoRoot(importPath: string): StaticRoot | null {
  for (const s of STATIC) {
    const m = s.re.exec(importPath);
    if (m) return { vcs: s.vcs, repo: `https://${m[1]}`, root: m[1]! };
  }
  const m = EXPLICIT.exec(importPath);
  if (m) return { vcs: m[5]!, repo: `https://${m[1]}.${m[5]}`, root: `${m[1]}.${m[5]}` };
  return null;
}
