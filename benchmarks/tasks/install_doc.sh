#!/usr/bin/env bash
# Installs one Debian documentation package for a task set's setup.sh, unless it is installed
# already (needs root for apt-get, or sudo). Its output goes to stderr: setup.sh prints only the
# corpus folder on stdout.
#
#   bash benchmarks/tasks/install_doc.sh PACKAGE
set -euo pipefail
pkg=${1:?usage: install_doc.sh PACKAGE}
if ! dpkg -s "$pkg" >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$pkg" >&2
fi
