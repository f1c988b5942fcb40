#!/usr/bin/env bash
# Regenerates the list of the ReluVerified package's public types in docs/architecture.md (between the public-api
# markers) from the built assembly: the test Public_api_of_the_package_is_the_list_in_docs_architecture rewrites the
# block instead of comparing when RELUVERIFIED_WRITE_PUBLIC_API=1. Review the diff before committing it.
#
#   bash Bench/scripts/public_api.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build -c Release Properties/ReluVerified.Properties >/dev/null
RELUVERIFIED_WRITE_PUBLIC_API=1 dotnet test -c Release --no-build Properties/ReluVerified.Properties \
  --filter "FullyQualifiedName~Public_api_of_the_package_is_the_list_in_docs_architecture"
git --no-pager diff --stat -- docs/architecture.md
