#!/usr/bin/env bash
# make-test-image.sh: the end-to-end tests' container image, made without a registry.
#
#   make-test-image.sh DOCKER_HOST [NAME:TAG]      (default dw-e2e-busybox:1)
#
# A root filesystem of one static binary, /bin/busybox from Debian's busybox-static, with a
# symlink per applet in /bin, /etc/passwd and /etc/group (root and nobody, 65534), /tmp, and
# /usr/sbin/sshd, a symlink to busybox: `exec -a sleep /usr/sbin/sshd 3600` runs busybox's sleep
# as a process whose comm (what the host sees in /proc/PID/comm) is "sshd", for the rule about
# processes that do not belong in a container. The tar of that tree goes to `docker import`
# with CMD ["sleep", "3600"] and no USER and no HEALTHCHECK: the image runs as root.
# It prints the image's id. The engine at DOCKER_HOST (unix:///PATH) must be running; nothing is
# pulled. Needs root (chroot), busybox-static (/bin/busybox, statically linked), docker and tar.
set -euo pipefail

host=${1:?usage: make-test-image.sh DOCKER_HOST [NAME:TAG]}
name=${2:-dw-e2e-busybox:1}
busybox=${BUSYBOX:-/bin/busybox}
DOCKER=${DOCKER:-docker}

die() {
	echo "make-test-image: $*" >&2
	exit 1
}
[ -x "$busybox" ] || die "no $busybox (apt-get install busybox-static)"
work=$(mktemp -d "${TMPDIR:-/tmp}/dw-image.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root/bin" "$root/etc" "$root/usr/sbin" "$root/tmp" "$root/proc" "$root/sys" \
	"$root/dev"
chmod 1777 "$root/tmp"
cp "$busybox" "$root/bin/busybox"
chmod 0755 "$root/bin/busybox"
for applet in $("$busybox" --list); do
	[ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
done
ln -s /bin/busybox "$root/usr/sbin/sshd"
# a dynamically linked busybox would need its libraries in the image: try it in the tree
chroot "$root" /bin/busybox true 2> /dev/null ||
	die "$busybox does not run on its own (dynamically linked? apt-get install busybox-static)"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' \
	> "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"

# A fixed mtime and owner, so that the same busybox gives the same layer.
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$root" -cf "$work/rootfs.tar" .
"$DOCKER" -H "$host" import --change 'CMD ["sleep", "3600"]' "$work/rootfs.tar" "$name" \
	> /dev/null
"$DOCKER" -H "$host" image inspect --format '{{.Id}}' "$name"
