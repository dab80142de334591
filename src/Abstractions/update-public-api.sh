#!/usr/bin/env bash
# Appends the members the analyzer reports as new (RS0016) to PublicAPI.Unshipped.txt of the project in FOLDER (this
# one, the plugin contract, by default; src/Hosting for the script globals and the embedding API), and nothing else: it never
# rewrites, sorts or removes a line, of either file. A member removed or changed (RS0017) fails the build until someone
# decides by hand (a plugin built against the shipped contract may use it). At a release, the lines of Unshipped move
# to Shipped. Review the diff: it is the plugin contract.
set -euo pipefail
cd "${1:-$(dirname "$0")}"
new=$(dotnet build -nologo --no-incremental 2>&1 | grep -o "RS0016: Symbol '[^']*'" | sed "s/RS0016: Symbol '//; s/'$//" | sort -u || true)
[ -n "$(tail -c1 PublicAPI.Unshipped.txt)" ] && printf '\n' >> PublicAPI.Unshipped.txt
while IFS= read -r symbol; do
    if [ -n "$symbol" ] && ! grep -qxF -- "$symbol" PublicAPI.Shipped.txt PublicAPI.Unshipped.txt; then
        printf '%s\n' "$symbol" >> PublicAPI.Unshipped.txt
    fi
done <<< "$new"
dotnet build -nologo -warnaserror | tail -3
