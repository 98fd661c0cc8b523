/**
 * The expansions OpenSSH applies to paths and names from its config: `%x` tokens
 * (percent_expand), `${VAR}` (percent_dollar_expand) and a leading `~` (tilde_expand). An unknown
 * token or an unset variable is an error there, so it is one here too.
 */
export type Tokens = Readonly<Partial<Record<string, string>>>;
export type Environment = Readonly<Partial<Record<string, string>>>;

/** Expands `%x` from `tokens` and `%%`; with `env`, also `${VAR}`. */
export function percentExpand(text: string, tokens: Tokens, env: Environment | null): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (env !== null && c === '$' && text.charAt(i + 1) === '{') {
      const end = text.indexOf('}', i + 2);
      if (end < 0) throw new Error(`environment variable in "${text}" is missing its closing '}'`);
      const name = text.slice(i + 2, end);
      if (name === '') throw new Error(`zero-length environment variable in "${text}"`);
      const value = env[name];
      if (value === undefined) throw new Error(`environment variable \${${name}} in "${text}" has no value`);
      out += value;
      i = end;
    } else if (c === '%') {
      const key = text.charAt(++i);
      if (key === '%') out += '%';
      else if (key === '') throw new Error(`"${text}" ends with a lone %`);
      else {
        const value = tokens[key];
        if (value === undefined) throw new Error(`unknown token %${key} in "${text}"`);
        out += value;
      }
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * `~` and `~/…` become the home folder, as tilde_expand() does (which also turns a bare `~` into
 * `home/`). `~localUser` is the same folder; other users' homes are not looked up.
 */
export function expandTilde(path: string, home: string, localUser: string): string {
  if (!path.startsWith('~')) return path;
  const slash = path.indexOf('/');
  const user = slash < 0 ? path.slice(1) : path.slice(1, slash);
  if (user !== '' && user !== localUser) throw new Error(`"${path}": the home folder of user ${user} is not looked up`);
  const rest = slash < 0 ? '' : path.slice(slash).replace(/^\/+/, '');
  return `${home}${home.endsWith('/') ? '' : '/'}${rest}`;
}
