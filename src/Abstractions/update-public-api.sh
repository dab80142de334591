#!/usr/bin/env bash
# Regenerates PublicAPI.Unshipped.txt from the analyzer's RS0016 report. Review the diff: it is the plugin contract.
set -euo pipefail
cd "$(dirname "$0")"
printf '#nullable enable\n' > PublicAPI.Unshipped.txt
dotnet build -nologo 2>&1 | grep -o "RS0016: Symbol '[^']*'" | sed "s/RS0016: Symbol '//; s/'$//" | sort -u >> PublicAPI.Unshipped.txt || true
dotnet build -nologo -warnaserror | tail -3
