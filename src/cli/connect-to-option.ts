import { ConnectToError, parseConnectTo, type ConnectToRule } from '../capture/connect-to.js';
import { UserError } from './errors.js';

/** --connect-to values (probe, go), each checked: a bad one is a one-line usage error (exit 2). */
export function parseConnectToOptions(values: string[] | undefined): ConnectToRule[] {
  try {
    return (values ?? []).map(parseConnectTo);
  } catch (e) {
    if (e instanceof ConnectToError) throw new UserError(e.message);
    throw e;
  }
}
