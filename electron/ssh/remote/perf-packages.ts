/**
 * Which package provides perf on a server's distribution, from its /etc/os-release: ID first,
 * then the families ID_LIKE names (an Ubuntu derivative says `ubuntu debian`), so the advice names
 * the command that works there.
 */
import type { OsRelease } from './server-probe';

interface Install {
  distro: string;
  command: (kernel: string) => string;
}

const DEBIAN: Install = { distro: 'Debian', command: () => 'sudo apt install linux-perf' };
const UBUNTU: Install = { distro: 'Ubuntu', command: (kernel) => `sudo apt install linux-tools-common linux-tools-${kernel}` };
const FEDORA: Install = { distro: 'Fedora / RHEL', command: () => 'sudo dnf install perf' };
const ARCH: Install = { distro: 'Arch', command: () => 'sudo pacman -S perf' };
const SUSE: Install = { distro: 'SUSE', command: () => 'sudo zypper install perf' };
const ALPINE: Install = { distro: 'Alpine', command: () => 'apk add perf (as root)' };

const BY_ID: Readonly<Record<string, Install>> = {
  debian: DEBIAN,
  raspbian: DEBIAN,
  ubuntu: UBUNTU,
  fedora: FEDORA,
  rhel: FEDORA,
  centos: FEDORA,
  rocky: FEDORA,
  almalinux: FEDORA,
  ol: FEDORA,
  amzn: FEDORA,
  arch: ARCH,
  manjaro: ARCH,
  suse: SUSE,
  opensuse: SUSE,
  'opensuse-leap': SUSE,
  'opensuse-tumbleweed': SUSE,
  sles: SUSE,
  alpine: ALPINE,
};

/** A kernel release as it may be typed into a package name; anything else is left to the shell there. */
const RELEASE = /^[A-Za-z0-9._+~-]{1,100}$/;

/** How to install perf there, one line per candidate: the server's own distribution when known. */
export function installPerfAdvice(os: OsRelease, kernel: string): string {
  const release = RELEASE.test(kernel) ? kernel : '$(uname -r)';
  const ids = [os.id, ...os.idLike].filter((id): id is string => id !== null);
  const known = ids.map((id) => BY_ID[id]).find((install) => install !== undefined);
  const all = known === undefined ? [DEBIAN, UBUNTU, FEDORA, ARCH, SUSE, ALPINE] : [known];
  return all.map((install) => `  ${install.distro}:  ${install.command(release)}`).join('\n');
}
