#!/usr/bin/env bash
# PID 1 side of Deploy/dev/e2e-systemd.sh, run by `unshare --pid --fork --mount --net --cgroup …`:
# turns a throw-away overlay of / into the root of the new namespaces and execs systemd on it.
#
#   boot-container.sh WORK TARGET
#
# WORK is a host folder: WORK/payload is copied into the new root (unit files, the binary, the
# install scripts) and WORK/console.log becomes /dev/console. Nothing here touches the host: the
# mount namespace is private, the overlay's upper layer lives on a tmpfs that disappears with it,
# and TARGET must be a target that pulls in nothing else (never default.target).
set -euo pipefail

work="$1"
target="$2"
[[ $$ -eq 1 ]] || { echo "boot-container: must run as PID 1 of a new PID namespace" >&2; exit 1; }

layers="$work/layers"
root="$work/root"
mkdir -p "$layers" "$root"
mount -t tmpfs -o mode=0755 steward-e2e "$layers"
mkdir "$layers/upper" "$layers/work"
mount -t overlay overlay -o "lowerdir=/,upperdir=$layers/upper,workdir=$layers/work" "$root"

# The payload first (before anything is mounted over /dev, /run, /tmp); existing folders keep
# their owner and mode.
tar -C "$work/payload" -cf - . | tar -C "$root" -xf - --no-overwrite-dir

mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
mount --bind "$root/proc/sys" "$root/proc/sys"
mount -o remount,bind,ro "$root/proc/sys"
mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$root/sys"
# With the cgroup namespace, this cgroup2 mount is rooted at the test's own cgroup.
mount -t cgroup2 -o nosuid,nodev,noexec cgroup2 "$root/sys/fs/cgroup"

mount -t tmpfs -o mode=0755,nosuid steward-e2e-dev "$root/dev"
mknod -m 0666 "$root/dev/null" c 1 3
mknod -m 0666 "$root/dev/zero" c 1 5
mknod -m 0666 "$root/dev/full" c 1 7
mknod -m 0666 "$root/dev/random" c 1 8
mknod -m 0666 "$root/dev/urandom" c 1 9
mknod -m 0666 "$root/dev/tty" c 5 0
ln -s /proc/self/fd "$root/dev/fd"
ln -s /proc/self/fd/0 "$root/dev/stdin"
ln -s /proc/self/fd/1 "$root/dev/stdout"
ln -s /proc/self/fd/2 "$root/dev/stderr"
mkdir "$root/dev/pts" "$root/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,nosuid,noexec devpts "$root/dev/pts"
ln -s pts/ptmx "$root/dev/ptmx"
mount -t tmpfs -o mode=1777,nosuid,nodev steward-e2e-shm "$root/dev/shm"
touch "$root/dev/console"
mount --bind "$work/console.log" "$root/dev/console"
mount -t tmpfs -o mode=0755,nosuid,nodev steward-e2e-run "$root/run"
mount -t tmpfs -o mode=1777,nosuid,nodev steward-e2e-tmp "$root/tmp"

hostname steward-e2e
cd "$root"
mkdir -p .old-root
pivot_root . .old-root
cd /
umount -l /.old-root
rmdir /.old-root
# Without shared propagation systemd cannot hand credentials to services
# ($CREDENTIALS_DIRECTORY would be empty).
mount --make-rshared /

exec env -i container=steward-e2e PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    setpriv --bounding-set -sys_module,-sys_time,-sys_rawio,-wake_alarm \
    /lib/systemd/systemd --unit="$target"
