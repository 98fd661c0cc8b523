/** How to let perf read tracepoints without running it as root each time. */
export function PermissionsHelp() {
  return (
    <details className="help">
      <summary>Capturing without root: the lasting choices</summary>
      <p>
        perf needs to read the kernel's tracepoints. Skbscope can run it through <code>pkexec</code>, which asks for
        your password each time. To capture as yourself instead, pick one (each needs root once):
      </p>
      <ul>
        <li>
          Let every user trace: <code>sudo sysctl kernel.perf_event_paranoid=-1</code> (add it to{' '}
          <code>/etc/sysctl.d/</code> to keep it after a reboot).
        </li>
        <li>
          Give perf itself the rights: <code>sudo setcap cap_perfmon,cap_sys_ptrace,cap_syslog=ep $(command -v perf)</code>{' '}
          (Linux 5.8 and later).
        </li>
        <li>
          Either way, perf must be able to read the tracepoint list:{' '}
          <code>sudo mount -o remount,mode=755 /sys/kernel/tracing</code>.
        </li>
      </ul>
    </details>
  );
}
