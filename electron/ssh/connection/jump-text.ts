import type { JumpSpec } from '../ssh-config/config-options';

/** A hop as ssh -J takes it and as people read it: `user@host:port`, an address with colons in brackets. */
export function jumpText(jump: JumpSpec): string {
  const host = jump.host.includes(':') ? `[${jump.host}]` : jump.host;
  return `${jump.user === null ? '' : `${jump.user}@`}${host}${jump.port === null ? '' : `:${jump.port}`}`;
}
