#!/usr/bin/env bash
# Headless Chromium and its WebDriver from Debian's packages, for the explorer's browser test
# (tests/PolicyRules.Server.Tests/BrowserTests.cs). Does nothing when both are already installed.
# For screenshots with Chinese text (docs/images/), also install fonts-noto-cjk.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-chromium: chromium and chromium-driver are missing; install them as root (apt-get install chromium chromium-driver)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends chromium chromium-driver
