# Sourced by scripts/main.sh and scripts/test.sh: makes the pinned pnpm available (without root) and
# installs the workspace exactly as the lockfile says.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export TURBO_TELEMETRY_DISABLED=1 REDOCLY_TELEMETRY=off DO_NOT_TRACK=1

pnpm_version=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$pnpm_version" ]; then
  local_pnpm="$PWD/.tools/pnpm/node_modules/.bin/pnpm"
  if [ ! -x "$local_pnpm" ] || [ "$("$local_pnpm" --version)" != "$pnpm_version" ]; then
    echo "Installing pnpm $pnpm_version into .tools/pnpm"
    npm install --prefix .tools/pnpm --no-save --no-package-lock --no-audit --no-fund "pnpm@$pnpm_version" >/dev/null
  fi
  export PATH="$PWD/.tools/pnpm/node_modules/.bin:$PATH"
fi

pnpm install --frozen-lockfile
