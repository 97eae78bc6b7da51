import type { CliIO } from '../io.js';
import { EXIT, UserError } from '../errors.js';
import { COMPLETION_SHELLS, completionScript, type CompletionShell, type CompletionSpec } from '../completion.js';

/** chaindbg completion SHELL: the completion script for bash, zsh or fish on standard output. */
export function completionCommand(shell: string, spec: CompletionSpec, io: CliIO): number {
  if (!(COMPLETION_SHELLS as readonly string[]).includes(shell)) {
    throw new UserError(`unknown shell "${shell}": choose ${COMPLETION_SHELLS.join(', ')}`);
  }
  io.stdout(completionScript(shell as CompletionShell, spec));
  return EXIT.OK;
}
