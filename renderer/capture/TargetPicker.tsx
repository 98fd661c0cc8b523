/**
 * Where to capture: this machine, a Host from ~/.ssh/config, or a saved server; and a small form
 * to add one (host, port, user, key file: never a password, which is asked when connecting).
 */
import { useCallback, useEffect, useState } from 'react';
import type { ServerEntry, TargetRef } from '../../shared/api';
import type { CaptureSession } from './capture-session';

interface Props {
  session: CaptureSession;
  value: TargetRef;
  onChange(target: TargetRef): void;
}

const LOCAL = 'local';

export function TargetPicker({ session, value, onChange }: Props) {
  const [servers, setServers] = useState<ServerEntry[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);

  const refresh = useCallback(
    () =>
      session.listServers().then(
        (r) => {
          setServers(r.servers);
          setProblem(r.problem);
        },
        (err: unknown) => setProblem(err instanceof Error ? err.message : String(err)),
      ),
    [session],
  );
  useEffect(() => void refresh(), [refresh]);

  const selected = value.kind === 'local' ? LOCAL : value.serverId;
  const current = servers.find((s) => s.id === selected);
  return (
    <div className="target-picker">
      <select
        aria-label="Capture on"
        value={selected}
        onChange={(e) => onChange(e.target.value === LOCAL ? { kind: 'local' } : { kind: 'ssh', serverId: e.target.value })}
      >
        <option value={LOCAL}>This machine</option>
        {servers.some((s) => s.source === 'ssh-config') && (
          <optgroup label="From ~/.ssh/config">
            {servers.filter((s) => s.source === 'ssh-config').map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.resolved})
              </option>
            ))}
          </optgroup>
        )}
        {servers.some((s) => s.source === 'saved') && (
          <optgroup label="Saved servers">
            {servers.filter((s) => s.source === 'saved').map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.resolved})
              </option>
            ))}
          </optgroup>
        )}
        {value.kind === 'ssh' && !current && <option value={value.serverId}>{value.serverId.replace(/^\w+:/, '')}</option>}
      </select>
      <button type="button" onClick={() => setAdding(true)}>
        Add a server…
      </button>
      {current?.source === 'saved' && (
        <button
          type="button"
          onClick={() =>
            void session.forgetServer(current.id).then(() => {
              onChange({ kind: 'local' });
              return refresh();
            })
          }
        >
          Forget {current.name}
        </button>
      )}
      {problem && <p className="warn">{problem}</p>}
      {adding && (
        <AddServerForm
          onCancel={() => setAdding(false)}
          onAdd={async (spec) => {
            const entry = await session.saveServer(spec);
            setAdding(false);
            await refresh();
            onChange({ kind: 'ssh', serverId: entry.id });
          }}
        />
      )}
    </div>
  );
}

function AddServerForm({ onAdd, onCancel }: { onAdd(spec: { host: string; port: number | null; user: string | null; identityFile: string | null }): Promise<void>; onCancel(): void }) {
  const [host, setHost] = useState('');
  const [port, setPort] = useState('');
  const [user, setUser] = useState('');
  const [identityFile, setIdentityFile] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (): void => {
    setError(null);
    onAdd({
      host: host.trim(),
      port: port.trim() ? Number(port) : null,
      user: user.trim() || null,
      identityFile: identityFile.trim() || null,
    }).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };
  return (
    <div className="add-server" role="group" aria-label="Add a server">
      <label>
        Host <input value={host} onChange={(e) => setHost(e.target.value)} placeholder="server.example.com or an ssh alias" aria-label="Host" />
      </label>
      <label>
        Port <input value={port} onChange={(e) => setPort(e.target.value)} placeholder="22" aria-label="Port" inputMode="numeric" />
      </label>
      <label>
        User <input value={user} onChange={(e) => setUser(e.target.value)} placeholder="as in ~/.ssh/config, or yours" aria-label="User" />
      </label>
      <label>
        Key file <input value={identityFile} onChange={(e) => setIdentityFile(e.target.value)} placeholder="~/.ssh/id_ed25519 (optional)" aria-label="Key file" />
      </label>
      <p className="muted small">Passwords and passphrases are asked when connecting and never stored.</p>
      {error && <p className="warn">{error}</p>}
      <div className="row-buttons">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={!host.trim()} onClick={submit}>
          Add
        </button>
      </div>
    </div>
  );
}
