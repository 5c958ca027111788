#!/usr/bin/env bash
# The main job: install, generate and build every package, then run the demo of each vendor SDK
# (against its local Prism mock, or the real API when credentials are in the environment).
# The reference docs site is not built here: it is its own task (`pnpm run docs`).
source "$(dirname "$0")/bootstrap.sh"
pnpm run build
pnpm run demo
