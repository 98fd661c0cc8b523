/** A config that OpenSSH would refuse, named by file and line as ssh names it. */
export class SshConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    detail: string,
  ) {
    super(line === null ? `${file}: ${detail}` : `${file} line ${line}: ${detail}`);
    this.name = 'SshConfigError';
  }
}
